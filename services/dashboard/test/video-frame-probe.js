/**
 * Runs in the page (page.evaluate), so it is plain browser JavaScript: the repository's TypeScript program
 * has no DOM types for the tests. Its signature is in video-frame-probe.d.ts.
 */

/**
 * Decodes a WebM file (base64) in a <video> element, plays it for `playMs` and looks at the frame shown then:
 * its size, how many colours it has (4 bits a channel), the share of its pixels that are not the
 * recording's background (#0a0e16), and how many are vivid: the map's ground is greys and dark blues, while
 * incidents and unit chips are drawn in their departments' colours. The first frame is not used: Chromium shows none before playing.
 */
export async function recordedFrame({ base64, playMs }) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const video = document.createElement('video');
  video.muted = true;
  document.body.append(video);
  video.src = URL.createObjectURL(new Blob([bytes], { type: 'video/webm' }));
  await new Promise((resolve, reject) => {
    video.onloadeddata = resolve;
    video.onerror = () => reject(new Error(`the video does not decode: ${video.error?.message}`));
  });
  await video.play();
  await new Promise((resolve) => setTimeout(resolve, playMs));
  video.pause();
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(video, 0, 0);
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const colours = new Set();
  let painted = 0;
  let vivid = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
    colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
    if (Math.abs(r - 10) + Math.abs(g - 14) + Math.abs(b - 22) > 24) painted++;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 120) vivid++;
  }
  video.remove();
  return {
    width: canvas.width,
    height: canvas.height,
    at: video.currentTime,
    colours: colours.size,
    painted: painted / (data.length / 4),
    vivid,
  };
}
