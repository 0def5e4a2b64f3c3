/** Types of video-frame-probe.js, the page-side look at a recorded replay video. */
export interface RecordedFrame {
  width: number;
  height: number;
  /** The video's time of the frame looked at, in seconds. */
  at: number;
  /** Distinct colours at 4 bits a channel. */
  colours: number;
  /** The share of pixels that are not the recording's background. */
  painted: number;
  /** Pixels in a vivid colour (channels more than 120 apart): incidents and unit chips. */
  vivid: number;
}

export function recordedFrame(options: { base64: string; playMs: number }): Promise<RecordedFrame>;
