// Select a passage of a visit's notes to make it an insight: the passage
// goes into the insight form, marked as their very words.
(() => {
  'use strict';
  const notes = document.getElementById('visit-notes');
  const form = document.getElementById('insight-form');
  if (!notes || !form) return;
  const take = () => {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !notes.contains(sel.anchorNode) || !notes.contains(sel.focusNode)) return;
    const text = sel.toString().trim();
    if (!text) return;
    form.elements.text.value = text.replace(/^["“]|["”]$/g, '');
    form.elements.verbatim.checked = true;
    form.elements.text.focus();
  };
  notes.addEventListener('mouseup', take);
  notes.addEventListener('touchend', take);
  notes.addEventListener('keyup', take);
})();
