/*! Gongkai embed helper — MIT licence, part of Gongkai (政务公开事项目录).
 *
 * Put on a county page, next to one or more iframes of the explorer:
 *   <iframe src="https://example.gov.cn/gongkai/?embed=1&place=430121" data-gongkai-embed
 *           title="政务公开事项目录" style="width:100%;border:0"></iframe>
 *   <script src="https://example.gov.cn/gongkai/embed.js" async></script>
 * Each iframe with the data-gongkai-embed attribute then takes the height of its content, growing and
 * shrinking as the citizen opens and closes parts of the catalog, so the host page scrolls as one page.
 *
 * Only messages that come from the iframe's own window and origin, of the form
 * {type: "gongkai:height", height: <integer 100..20000>}, change anything; everything else is ignored.
 */
(function () {
  'use strict';
  if (window.__gongkaiEmbed) return; // loaded twice on one page: one listener is enough
  window.__gongkaiEmbed = true;

  var MIN = 100;
  var MAX = 20000;

  function frames() {
    return Array.prototype.slice.call(document.querySelectorAll('iframe[data-gongkai-embed]'));
  }

  function originOf(iframe) {
    try {
      return new URL(iframe.getAttribute('src') || '', document.baseURI).origin;
    } catch (e) {
      return null;
    }
  }

  function prepare(iframe) {
    if (iframe.__gongkaiReady) return;
    iframe.__gongkaiReady = true;
    iframe.setAttribute('scrolling', 'no');
    iframe.style.border = '0';
    iframe.style.width = iframe.style.width || '100%';
    iframe.style.display = 'block';
    if (!iframe.style.height) iframe.style.height = '600px'; // until the first message arrives
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'gongkai:height') return;
    var h = data.height;
    if (typeof h !== 'number' || !isFinite(h) || Math.floor(h) !== h || h < MIN || h > MAX) return;
    var list = frames();
    for (var i = 0; i < list.length; i++) {
      var iframe = list[i];
      if (event.source !== iframe.contentWindow) continue;
      if (event.origin !== originOf(iframe)) return;
      prepare(iframe);
      iframe.style.height = h + 'px';
      return;
    }
  });

  function init() {
    frames().forEach(prepare);
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
