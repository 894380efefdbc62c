// The map component (dashboard/panels/mapview.py): the SVG picture liaison.mapsvg drew, with the
// tooltip, hover highlight, click, zoom (wheel, double-click) and pan (drag) the deck.gl map had.
// Every text it shows is set as text (textContent), never as HTML.
const views = new WeakMap();

function drawn(root, data, setStateValue) {
  const holder = root.querySelector(".picture");
  holder.innerHTML = data.svg; // built and escaped on the server (liaison.mapsvg)
  const svg = holder.querySelector("svg");
  const view = svg.querySelector("g.view");
  const labels = svg.querySelector("g.labels");
  const highlight = svg.querySelector("path.highlight");
  const tip = root.querySelector(".tip");
  const state = { k: 1, x: 0, y: 0, w: 0, h: 0, press: null, dragged: false };

  const place = () => {
    view.setAttribute("transform", `translate(${state.x} ${state.y}) scale(${state.k})`);
    labels.setAttribute("font-size", String(data.labelPx / state.k));
    labels.setAttribute("stroke-width", String(2.4 / state.k));
  };
  const fit = () => {
    state.w = root.clientWidth;
    state.h = root.clientHeight;
    svg.setAttribute("viewBox", `${-state.w / 2} ${-state.h / 2} ${state.w} ${state.h}`);
  };
  const at = (event) => {
    const box = root.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  };
  const zoomAround = (px, py, factor) => {
    const k = Math.min(16, Math.max(0.5, state.k * factor));
    const cx = px - state.w / 2;
    const cy = py - state.h / 2;
    state.x = cx - ((cx - state.x) * k) / state.k;
    state.y = cy - ((cy - state.y) * k) / state.k;
    state.k = k;
    place();
  };
  const featureOf = (target) => {
    const index = target && target.getAttribute && target.getAttribute("data-i");
    return index === null || index === undefined ? null : data.features[Number(index)];
  };
  const hide = () => {
    tip.hidden = true;
    highlight.setAttribute("d", "");
  };
  const show = (event) => {
    const feature = featureOf(event.target);
    if (!feature) return hide();
    highlight.setAttribute("d", event.target.getAttribute("d"));
    const [head, rest, line] = feature.tip;
    const bold = document.createElement("b");
    bold.textContent = head;
    tip.replaceChildren(bold, document.createTextNode(rest), document.createElement("br"), document.createTextNode(line));
    tip.hidden = false;
    const [px, py] = at(event);
    const left = Math.min(px + 12, state.w - tip.offsetWidth - 4);
    tip.style.left = `${Math.max(4, left)}px`;
    tip.style.top = `${py + 16 + tip.offsetHeight > state.h ? py - tip.offsetHeight - 8 : py + 16}px`;
  };

  svg.addEventListener("pointerdown", (event) => {
    state.press = { px: event.clientX, py: event.clientY, x: state.x, y: state.y };
    state.dragged = false;
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", (event) => {
    if (state.press) {
      const dx = event.clientX - state.press.px;
      const dy = event.clientY - state.press.py;
      if (state.dragged || Math.hypot(dx, dy) > 4) {
        state.dragged = true;
        root.classList.add("dragging");
        hide();
        state.x = state.press.x + dx;
        state.y = state.press.y + dy;
        place();
        return;
      }
    }
    show(event);
  });
  svg.addEventListener("pointerup", (event) => {
    const wasDrag = state.dragged;
    state.press = null;
    state.dragged = false;
    root.classList.remove("dragging");
    if (wasDrag || !data.clickable) return;
    // the pointer was captured, so the event's target is the SVG: find the municipality under it
    const feature = featureOf(root.getRootNode().elementFromPoint(event.clientX, event.clientY));
    if (feature) setStateValue("selection", { code: feature.code, region_id: feature.region_id });
  });
  svg.addEventListener("pointerleave", hide);
  const [zoomIn, zoomOut] = root.querySelectorAll(".zoom button");
  zoomIn.onclick = () => zoomAround(state.w / 2, state.h / 2, 2);
  zoomOut.onclick = () => zoomAround(state.w / 2, state.h / 2, 0.5);
  svg.addEventListener("dblclick", (event) => {
    const [px, py] = at(event);
    zoomAround(px, py, 2);
  });
  svg.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      const [px, py] = at(event);
      zoomAround(px, py, Math.exp(-event.deltaY / 400));
    },
    { passive: false }
  );
  const resize = new ResizeObserver(fit);
  resize.observe(root);
  fit();
  place();
  requestAnimationFrame(() => {
    root.dataset.drawn = "1";
  });
  return () => resize.disconnect();
}

export default function ({ parentElement, data, setStateValue }) {
  const root = parentElement.querySelector(".liaison-map");
  root.style.height = `${data.height}px`;
  root.classList.toggle("clickable", Boolean(data.clickable));
  root.querySelectorAll(".zoom button").forEach((button, i) => {
    button.title = data.zoomLabels[i];
    button.setAttribute("aria-label", data.zoomLabels[i]);
  });
  const last = views.get(root);
  if (last && last.svg === data.svg) {
    last.data.features = data.features;
    last.data.clickable = data.clickable;
    return undefined;
  }
  if (last) last.stop();
  const kept = { ...data };
  const stop = drawn(root, kept, setStateValue);
  views.set(root, { svg: data.svg, data: kept, stop });
  return undefined;
}
