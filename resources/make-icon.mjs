// Draws resources/icon.png (512×512): the app icon electron-builder turns into the Linux and Windows icons.
// Kept as code so the icon can be changed and regenerated without an image editor: `node resources/make-icon.mjs`.
// Same drawing as icon.svg: a teal rounded square with a white power-meter ring and a lightning bolt.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4; // 4×4 supersampling for smooth edges

const BOLT = [
  [288, 96],
  [176, 280],
  [248, 280],
  [216, 416],
  [336, 216],
  [264, 216],
];

const insidePolygon = (x, y, points) => {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};

const insideRoundedSquare = (x, y, margin, radius) => {
  const lo = margin + radius;
  const hi = SIZE - margin - radius;
  const dx = x < lo ? lo - x : x > hi ? x - hi : 0;
  const dy = y < lo ? lo - y : y > hi ? y - hi : 0;
  return (
    x >= margin &&
    x <= SIZE - margin &&
    y >= margin &&
    y <= SIZE - margin &&
    dx * dx + dy * dy <= radius * radius
  );
};

/** RGBA of one sample point. */
const colour = (x, y) => {
  if (!insideRoundedSquare(x, y, 16, 96)) return [0, 0, 0, 0];
  const r = Math.hypot(x - 256, y - 256);
  if (insidePolygon(x, y, BOLT)) return [255, 255, 255, 255];
  if (r >= 176 && r <= 204) return [255, 255, 255, 255];
  return [15, 118, 110, 255]; // teal-700
};

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const c = colour(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
        // Premultiply so edge pixels blend toward the colour, not toward black.
        for (let k = 0; k < 3; k++) sum[k] += c[k] * c[3];
        sum[3] += c[3];
      }
    }
    const alpha = sum[3] / (SAMPLES * SAMPLES);
    const offset = y * (SIZE * 4 + 1) + 1 + x * 4;
    for (let k = 0; k < 3; k++) raw[offset + k] = sum[3] ? Math.round(sum[k] / sum[3]) : 0;
    raw[offset + 3] = Math.round(alpha);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buffer) => {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`resources/icon.png written (${png.length} bytes)`);
