/**
 * The console's only style sheet and script, served by the bot itself (an intranet without internet works, and
 * the CSP allows nothing from elsewhere). Kept as strings so a build to dist/ carries them without a copy step.
 */
export const CONSOLE_CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;color:#1f2933;background:#f5f7fa}
header{background:#0b6e4f;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header h1{font-size:1.05rem;margin:0 1rem 0 0}header a,header button{color:#fff}header .muted{color:#d9f2e6}
nav{display:flex;flex-wrap:wrap;gap:.25rem .75rem}nav a{text-decoration:none;padding:.15rem .35rem;border-radius:4px}nav a.on{background:rgba(255,255,255,.2)}
header form{margin-left:auto}header button{background:none;border:1px solid #fff;border-radius:4px;padding:.2rem .6rem;cursor:pointer}
main{padding:1rem;max-width:1100px;margin:0 auto}section{background:#fff;border-radius:8px;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:1.1rem;margin:.2rem 0 .8rem}table{border-collapse:collapse;width:100%;display:block;overflow-x:auto}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e4e7eb;vertical-align:top}
label{display:block;margin:.4rem 0 .15rem;font-weight:600}input,select,textarea{width:100%;padding:.45rem;border:1px solid #cbd2d9;border-radius:4px;font:inherit}textarea{min-height:6rem}
button.primary,input[type=submit]{background:#0b6e4f;color:#fff;border:0;border-radius:4px;padding:.5rem 1rem;margin-top:.6rem;cursor:pointer;width:auto}
button.danger{background:#b42318;color:#fff;border:0;border-radius:4px;padding:.35rem .8rem;cursor:pointer}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:1rem}.muted{color:#616e7c}.warn{color:#b42318;font-weight:600}
pre.reply{white-space:pre-wrap;background:#f0f4f8;padding:.75rem;border-radius:6px}.bar{display:inline-block;height:.8rem}
.legend span{display:inline-block;margin-right:.8rem}.legend i{width:.8rem}.k-answer{background:#0b6e4f}.k-clarify{background:#f0b429}.k-none{background:#b42318}.k-referred{background:#7b8794}
svg text{font-size:10px;fill:#616e7c}
@media print{header,form,.noprint{display:none}body{background:#fff}section{box-shadow:none}}
`;

// Progress of an announcement without reloading: the page names the job in data-job; the script polls its JSON.
export const CONSOLE_JS = `
document.querySelectorAll('[data-job]').forEach(function (el) {
  var url = el.getAttribute('data-job');
  function tick() {
    fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (p) {
      el.textContent = p.line;
      if (!p.done) setTimeout(tick, 1500);
    }).catch(function () { setTimeout(tick, 3000); });
  }
  tick();
});
document.querySelectorAll('[data-print]').forEach(function (a) {
  a.addEventListener('click', function (e) { e.preventDefault(); window.print(); });
});
document.querySelectorAll('form[data-confirm]').forEach(function (form) {
  form.addEventListener('submit', function (e) { if (!window.confirm(form.getAttribute('data-confirm'))) e.preventDefault(); });
});
`;
