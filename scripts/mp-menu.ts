/** Installs the Official Account's default menu through WeChat's API, with the WECHAT_MP_* settings of `npm start`. */
import '../src/quiet-dotenv.js';
import { parseCommandLine } from '../src/cli-args.js';
import { MENU_COMMANDS, mpSettingsFromEnv, WechatMpAdapter } from '../src/adapters/wechat-mp/index.js';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/core/logger.js';

const USAGE = `
Usage: npm run -s mp:menu [-- --print]

Installs the default menu of the WeChat Official Account: 活动 (${MENU_COMMANDS.get('EVENTS')}), 订阅 (${MENU_COMMANDS.get('SUBSCRIBE')}), 帮助 (${MENU_COMMANDS.get('HELP')}),
with the WECHAT_MP_* settings of npm start (environment or .env): WECHAT_MP_APP_ID, WECHAT_MP_APP_SECRET and
WECHAT_MP_TOKEN (see README, Connecting the Official Account). Prints WeChat's answer as JSON on stdout.

Options:
  --print     print the menu as JSON and call nothing
  -h, --help  this text

Exit 0 when WeChat accepted it, 1 when it refused (its errcode and errmsg are printed), 2 for bad settings.
`;

const { values } = parseCommandLine(USAGE, { options: { print: { type: 'boolean', default: false } } });

const MENU = {
  button: [
    { type: 'click', name: '活动', key: 'EVENTS' },
    { type: 'click', name: '订阅', key: 'SUBSCRIBE' },
    { type: 'click', name: '帮助', key: 'HELP' },
  ],
};

if (values.print) {
  process.stdout.write(`${JSON.stringify(MENU, null, 2)}\n`);
  process.exit(0);
}

let settings;
try {
  settings = mpSettingsFromEnv(loadConfig());
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`Configuration error: ${err.message}\n`);
  process.exit(2);
}
if (!settings) {
  process.stderr.write(`${USAGE}\n\nThe Official Account is not configured.\n`);
  process.exit(2);
}
try {
  const result = await WechatMpAdapter.api(settings, createLogger('warn')).createMenu(MENU);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(result.errcode === 0 ? 0 : 1);
} catch (err) {
  process.stderr.write(`mp:menu: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
