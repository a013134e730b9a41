const links = JSON.parse(document.getElementById('links').textContent);
function light(ids, on) { ids.forEach(id => document.querySelectorAll('[data-s="' + id + '"]')
  .forEach(el => el.classList.toggle('lit', on))); }
let pinned = null;
document.querySelectorAll('.s').forEach(el => {
  const id = el.dataset.s, group = [id].concat(links[id] || []);
  el.addEventListener('mouseenter', () => { if (!pinned) light(group, true); });
  el.addEventListener('mouseleave', () => { if (!pinned) light(group, false); });
  el.addEventListener('click', () => {
    document.querySelectorAll('.lit').forEach(x => x.classList.remove('lit'));
    pinned = pinned === id ? null : id;
    if (pinned) { light(group, true);
      const other = document.querySelector('[data-s="' + (links[id] || [])[0] + '"]');
      if (other) other.scrollIntoView({block: 'nearest', behavior: 'smooth'}); }
  });
});
