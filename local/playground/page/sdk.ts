// The page is a browser client of the SDK: its one door into client/ (bundled together by esbuild).
// local/ may not import client/ (the sandbox runs what the template points at); the page is not
// sandbox code, it only ships with the sandbox, so this import is the intended exception.
export * from '../../../client/index.js';
