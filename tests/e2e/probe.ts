import { launchBrowser, login } from './browser';
(async () => {
  const b = await launchBrowser();
  const p = await b.newPage({ viewport: { width: 1440, height: 900 } });
  p.on('console', (m) => m.type() === 'error' && console.log('CONSOLE', m.text().slice(0, 300)));
  await login(p, 'http://127.0.0.1:3111', process.argv[2] ?? 'agent');
  await p.waitForTimeout(1500);
  await p.goto('http://127.0.0.1:3111/#/customers/1/show' + (process.argv[3] ?? ''));
  await p.waitForTimeout(2000);
  await p.screenshot({ path: '/tmp/probe.png' });
  await b.close();
})();
