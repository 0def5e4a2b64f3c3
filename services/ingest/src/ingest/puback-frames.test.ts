import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { pubackFrames } from './puback-frames.js';

/** Parses a byte stream with mqtt-packet's own parser, as a broker would. */
function parse(bytes: Buffer, protocolVersion: 4 | 5): mqttPacket.Packet[] {
  const parser = mqttPacket.parser({ protocolVersion });
  const packets: mqttPacket.Packet[] = [];
  parser.on('packet', (p) => packets.push(p));
  parser.on('error', (err) => {
    throw err;
  });
  parser.parse(bytes);
  return packets;
}

describe('pubackFrames', () => {
  it.each([4, 5] as const)('is what a broker parses as successful PUBACKs (MQTT protocol %i)', (version) => {
    const ids = [1, 2, 255, 256, 0x1234, 0xffff];
    const packets = parse(pubackFrames(ids), version);
    expect(packets.map((p) => p.cmd)).toEqual(ids.map(() => 'puback'));
    expect(packets.map((p) => (p as mqttPacket.IPubackPacket).messageId)).toEqual(ids);
    for (const p of packets) expect((p as mqttPacket.IPubackPacket).reasonCode ?? 0).toBe(0);
  });

  it("matches mqtt-packet's own encoding of a successful PUBACK", () => {
    const own = mqttPacket.generate({ cmd: 'puback', messageId: 4242 }, { protocolVersion: 4 });
    expect(pubackFrames([4242])).toEqual(own);
  });

  it('is empty for no ids', () => {
    expect(pubackFrames([]).length).toBe(0);
  });

  it.each([0, 65536, 1.5, -1])('refuses %s, which is not a packet id', (id) => {
    expect(() => pubackFrames([id])).toThrow(RangeError);
  });
});
