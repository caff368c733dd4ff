// Streamlit's own interface in French. Streamlit 1.67 has no translation for its built-in texts (file
// uploader, table toolbar, "Page not found" dialog…; streamlit/streamlit#13500 is still open), so this
// script, run once in the page, rewrites the known English strings wherever they appear, now and later
// (MutationObserver). Only whole texts listed below are replaced: data shown by the app is never touched.
(function () {
  if (window.__clasFrench) return;
  window.__clasFrench = true;
  const EXACT = __EXACT__;
  const PATTERNS = __PATTERNS__.map(([re, fr]) => [new RegExp(re), fr]);
  const SIZE = /^(\d+(?:\.\d+)?)\s?(B|KB|MB|GB)$/;
  const UNITS = {B: "o", KB: "ko", MB: "Mo", GB: "Go"};
  const ATTRS = ["title", "aria-label", "placeholder"];

  function size(num, unit) {
    const n = Number(num);
    const text = unit === "B" ? String(Math.round(n)) : n.toLocaleString("fr-FR", {maximumFractionDigits: 1});
    return text + "\u00a0" + UNITS[unit];
  }
  function french(text, inUploader) {
    const t = text.trim();
    if (!t) return null;
    if (Object.prototype.hasOwnProperty.call(EXACT, t)) return text.replace(t, EXACT[t]);
    for (const [re, fr] of PATTERNS) {
      const m = t.match(re);
      if (m) return text.replace(t, fr.replace(/\$(\d)/g, (_, i) => m[i] || ""));
    }
    if (inUploader) {
      const m = t.match(SIZE);
      if (m) return text.replace(t, size(m[1], m[2]));
      const per = t.match(/^(\d+(?:\.\d+)?)(B|KB|MB|GB) per file$/);
      if (per) return text.replace(t, size(per[1], per[2]) + " par fichier");
      const big = t.match(/^File must be (\d+(?:\.\d+)?)(B|KB|MB|GB) or smaller\.$/);
      if (big) return text.replace(t, "Le fichier doit peser " + size(big[1], big[2]) + " au plus.");
    }
    return null;
  }
  function uploader(node) {
    const el = node.nodeType === 1 ? node : node.parentElement;
    return !!(el && el.closest && el.closest("[data-testid^='stFileUploader']"));
  }
  function fixText(node) {
    const fr = french(node.nodeValue, uploader(node));
    if (fr !== null && fr !== node.nodeValue) node.nodeValue = fr;
  }
  function fixAttrs(el) {
    for (const a of ATTRS) {
      const v = el.getAttribute && el.getAttribute(a);
      if (v) {
        const fr = french(v, false);
        if (fr !== null && fr !== v) el.setAttribute(a, fr);
      }
    }
  }
  function walk(root) {
    if (root.nodeType === 3) { fixText(root); return; }
    if (root.nodeType !== 1) return;
    if (root.tagName === "SCRIPT" || root.tagName === "STYLE") return;
    fixAttrs(root);
    const tw = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    let n;
    while ((n = tw.nextNode())) {
      if (n.nodeType === 3) fixText(n); else fixAttrs(n);
    }
  }
  walk(document.body);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "characterData") fixText(r.target);
      else if (r.type === "attributes") fixAttrs(r.target);
      else r.addedNodes.forEach(walk);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: ATTRS});
  document.documentElement.lang = "fr";
})();
