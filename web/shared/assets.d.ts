/** Stylesheets imported by the entry points: esbuild emits them beside the bundle. */
declare module '*.css';
