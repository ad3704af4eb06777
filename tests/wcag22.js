// What WCAG 2.2 adds that axe-core cannot fully see, measured in the page as it is
// laid out now (tests/test_browser_wcag22.py loads this into the page under test).
// Each function returns a list of findings, one line each; an empty list passes.
window.wcag22 = (() => {
  const MINIMUM = 24;  // CSS px, success criterion 2.5.8
  const CONTROLS = [
    "a[href]", "button", "input:not([type=hidden])", "select", "textarea", "summary",
    "label[for]", "[role=button]", "[role=link]", "[role=checkbox]", "[role=tab]",
    "[tabindex]:not([tabindex='-1'])",
  ].join(",");

  function describe(element) {
    const text = (element.getAttribute("aria-label") || element.textContent || element.value || "")
      .trim().replace(/\s+/g, " ").slice(0, 40);
    const id = element.id ? "#" + element.id : "";
    const classes = element.classList.length ? "." + [...element.classList].join(".") : "";
    return `<${element.tagName.toLowerCase()}${id}${classes}> "${text}"`;
  }

  // Rendered, not transparent, and on the page's width (Material's closed drawer lies
  // off to the left of the screen); a 1 px box is text for screen readers only.
  function shown(element) {
    if (!element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) return false;
    return box.right > 0 && box.left < document.documentElement.clientWidth;
  }

  function union(boxes) {
    const left = Math.min(...boxes.map(b => b.left)), top = Math.min(...boxes.map(b => b.top));
    const right = Math.max(...boxes.map(b => b.right)), bottom = Math.max(...boxes.map(b => b.bottom));
    return { left, top, right, bottom, width: right - left, height: bottom - top };
  }

  // Under something else (the open search's overlay): no pointer reaches it. Only
  // what lies in the window can be hit-tested; the rest counts as reachable.
  function covered(element) {
    const box = element.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    if (x < 0 || y < 0 || x >= document.documentElement.clientWidth || y >= window.innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return !!hit && !element.contains(hit) && !hit.contains(element)
      && !(element.labels && [...element.labels].some(label => label.contains(hit)));
  }

  // A link inside a sentence: WCAG's inline exception. The block around it holds text
  // of its own besides its links.
  function inSentence(element) {
    if (element.tagName !== "A" || getComputedStyle(element).display !== "inline") return false;
    let block = element.parentElement;
    while (block && getComputedStyle(block).display === "inline") block = block.parentElement;
    if (!block) return false;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.textContent.trim().replace(/[·|,.;:()–—-]/g, "").trim() === "") continue;
      if (!node.parentElement.closest("a, button, label, summary")) return true;
    }
    return false;
  }

  // Every pointer target: a checkbox or radio together with its labels (a click on
  // either toggles it); a label whose own control is hidden stands for that control.
  function targets() {
    const found = [];
    const merged = new Set();
    for (const element of document.querySelectorAll(CONTROLS)) {
      if (merged.has(element)) continue;
      if (element.tagName === "LABEL") {
        const control = element.control;
        if (control && shown(control)) continue;  // counted with its control
      }
      if (!shown(element) || covered(element)) continue;
      const boxes = [element.getBoundingClientRect()];
      if (element.labels && /^(checkbox|radio)$/.test(element.type)) {
        for (const label of element.labels) {
          merged.add(label);
          if (shown(label)) boxes.push(label.getBoundingClientRect());
        }
      }
      found.push({ element, box: union(boxes) });
    }
    return found;
  }

  function distanceToBox(x, y, box) {
    const dx = Math.max(box.left - x, 0, x - box.right);
    const dy = Math.max(box.top - y, 0, y - box.bottom);
    return Math.hypot(dx, dy);
  }

  // WCAG's equivalent exception: the same link elsewhere on the page at full size (a
  // case's dot on the map and its name in the list under it).
  function equivalent(target, all) {
    const href = target.element.getAttribute("href");
    return !!href && all.some(other => other !== target && other.element.getAttribute("href") === href
      && other.box.width >= MINIMUM - 0.5 && (other.box.height >= MINIMUM - 0.5 || inSentence(other.element)
        || !all.some(third => third !== other && distanceToBox(
          (other.box.left + other.box.right) / 2, (other.box.top + other.box.bottom) / 2, third.box) < MINIMUM / 2)));
  }

  // 2.5.8 Target Size (Minimum): at least 24 by 24, or a 24 px circle around the target's
  // centre that touches no other target and no such circle of another small target.
  // `within` (a selector) limits the check to the targets inside it; every target
  // on the page still counts as a neighbour.
  function targetSize(within = "html") {
    const all = targets();
    const small = all.filter(t => (t.box.width < MINIMUM - 0.5 || t.box.height < MINIMUM - 0.5)
      && t.element.closest(within) && !inSentence(t.element));
    const findings = [];
    for (const target of small) {
      const x = (target.box.left + target.box.right) / 2, y = (target.box.top + target.box.bottom) / 2;
      const crowded = all.filter(other => other !== target
        && !other.element.contains(target.element) && !target.element.contains(other.element)
        && (distanceToBox(x, y, other.box) < MINIMUM / 2
            || (small.includes(other) && Math.hypot(
              x - (other.box.left + other.box.right) / 2, y - (other.box.top + other.box.bottom) / 2) < MINIMUM)));
      if (crowded.length && !equivalent(target, all)) {
        findings.push(`${describe(target.element)} is ${Math.round(target.box.width)}×${Math.round(target.box.height)} px`
          + ` and within 12 px of ${describe(crowded[0].element)}`);
      }
    }
    return findings;
  }

  // Material fades and slides some controls in as they get the focus (the skip link,
  // a heading's anchor): look once those transitions have run.
  async function settled() {
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const running = document.getAnimations()
      .filter(animation => animation.playState === "running"
        && Number.isFinite(animation.effect?.getComputedTiming().endTime));
    await Promise.race([Promise.all(running.map(animation => animation.finished.catch(() => null))),
                        new Promise(resolve => setTimeout(resolve, 1000))]);
  }

  // What shows of the focused control: the control, its labels, or (for Material's
  // hidden colour-scheme option) the label right after it, which carries its focus ring.
  function standIns(element) {
    const candidates = [element, ...(element.labels || [])];
    const next = element.nextElementSibling;
    if (element.tagName === "INPUT" && next && next.tagName === "LABEL") candidates.push(next);
    return candidates.filter(shown);
  }

  // 2.4.11 Focus Not Obscured (Minimum): some part of the focused control shows, not
  // wholly covered by the sticky header or another element placed over the page.
  function focusObscured() {
    const element = document.activeElement;
    if (!element || element === document.body) return [];
    const owners = standIns(element);
    if (!owners.length) return [`${describe(element)} has the focus but is not shown`];
    const width = document.documentElement.clientWidth, height = window.innerHeight;
    // A link that wraps over two lines has a box per line.
    for (const owner of owners) {
      for (const box of owner.getClientRects()) {
        for (const fx of [0.1, 0.5, 0.9]) {
          for (const fy of [0.1, 0.5, 0.9]) {
            const x = box.left + fx * box.width, y = box.top + fy * box.height;
            if (x < 0 || y < 0 || x >= width || y >= height) continue;
            const hit = document.elementFromPoint(x, y);
            if (hit && (owner.contains(hit) || element.contains(hit))) return [];
          }
        }
      }
    }
    const box = owners[0].getBoundingClientRect();
    const cover = document.elementFromPoint(Math.min(Math.max(box.left + box.width / 2, 0), width - 1),
                                            Math.min(Math.max(box.top + box.height / 2, 0), height - 1));
    return [`${describe(element)} has the focus but is hidden`
      + (cover ? ` under ${describe(cover)}` : " outside the window")];
  }

  // 2.4.7, in the spirit of 2.4.13: the focused control (or what stands in for it)
  // carries a visible outline; a box shadow does not count, as Material draws some on
  // controls that have no focus.
  function focusVisible() {
    const element = document.activeElement;
    if (!element || element === document.body) return [];
    for (const owner of [element, ...standIns(element)]) {
      const style = getComputedStyle(owner);
      if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1
          && !/rgba\([^)]*,\s*0\)|transparent/.test(style.outlineColor)) return [];
    }
    return [`${describe(element)} has the focus but no outline`];
  }

  return { targetSize, settled, focusObscured, focusVisible, describe };
})();
