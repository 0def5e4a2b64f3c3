/**
 * PUBACK packets for many messages at once, as one buffer.
 *
 * NOTE: a PUBACK is four bytes in MQTT 3.1.1 and, with reason code 0 (success) and no properties, the same
 * four bytes in MQTT 5 (MQTT 5 §3.4.2.1: "The Reason Code and Property Length can be omitted if the Reason
 * Code is 0x00"). Writing a committed batch's acks as one buffer costs one socket write; mqtt.js's packet
 * writer made four small writes, a `packetsend` event and several debug calls per ack, which was a fifth of
 * the service's CPU at one reading per message.
 */
const PUBACK = 0x40;
const REMAINING_LENGTH = 0x02;

export function pubackFrames(messageIds: readonly number[]): Buffer {
  const frames = Buffer.allocUnsafe(messageIds.length * 4);
  let at = 0;
  for (const id of messageIds) {
    if (!Number.isInteger(id) || id < 1 || id > 0xffff) throw new RangeError(`not an MQTT packet id: ${id}`);
    frames[at] = PUBACK;
    frames[at + 1] = REMAINING_LENGTH;
    frames.writeUInt16BE(id, at + 2);
    at += 4;
  }
  return frames;
}
