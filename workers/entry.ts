// Worker process entry: the same file runs as an Electron utility process and as a Node child process.
export {};
