// Imported first by every entry point: dotenv (pulled in by natural) prints tips to stdout on import unless
// told to be quiet, and stdout carries only program output (answers, JSON).
process.env.DOTENV_CONFIG_QUIET ??= 'true';
export {};
