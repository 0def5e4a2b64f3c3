/** CAP 1.2 (Common Alerting Protocol): alerts out (builder, XML, Atom feed) and in (parser). */
export * from './build-alert.js';
export * from './cap-alert.js';
export * from './cap-geometry.js';
export * from './cap-time.js';
export * from './cap-xml.js';
export * from './parse-cap.js';
