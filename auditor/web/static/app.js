// Workbench behaviour: drag-and-drop upload through the JSON API, progress polling, table sorting,
// and linking findings to the marked text. No external scripts.
(function () {
  "use strict";

  function uploadForm() {
    const form = document.getElementById("upload-form");
    if (!form) return;
    const input = document.getElementById("files");
    const drop = document.getElementById("drop");
    const chosen = document.getElementById("chosen");
    const error = document.getElementById("upload-error");
    const send = document.getElementById("send");
    let files = [];

    function show() {
      chosen.innerHTML = "";
      files.forEach(function (f) {
        const li = document.createElement("li");
        li.textContent = f.name + "（" + Math.max(1, Math.round(f.size / 1024)) + " KB）";
        chosen.appendChild(li);
      });
    }
    input.addEventListener("change", function () { files = Array.from(input.files); show(); });
    ["dragenter", "dragover"].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) { files = files.concat(Array.from(e.dataTransfer.files)); show(); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      error.hidden = true;
      if (!files.length) { error.textContent = "请先选择或拖入报告文件。"; error.hidden = false; return; }
      const data = new FormData();
      files.forEach(function (f) { data.append("files", f, f.name); });
      send.disabled = true;
      send.textContent = "正在上传……";
      fetch("/api/batches", { method: "POST", body: data })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          if (res.ok) { window.location.href = res.body.url; return; }
          throw new Error(typeof res.body.detail === "string" ? res.body.detail : "上传失败");
        })
        .catch(function (err) {
          error.textContent = "上传失败：" + (err.message || "无法连接服务器");
          error.hidden = false;
          send.disabled = false;
          send.textContent = "开始审核";
        });
    });
  }

  function progress() {
    const box = document.getElementById("progress");
    if (!box || box.dataset.complete === "yes") return;
    const finished = Number(box.dataset.finished);
    const text = document.getElementById("progress-text");
    const bar = box.querySelector("progress");
    const loaded = Date.now();
    function poll() {
      fetch("/api/batches/" + box.dataset.batch + "/progress").then(function (r) { return r.json(); }).then(function (b) {
        bar.value = b.finished;
        text.textContent = "正在审核：已完成 " + b.finished + " / " + b.total + " 份";
        // the ranking is drawn by the server: reload when it has grown, at most every few seconds
        if (b.complete || (b.finished !== finished && Date.now() - loaded > 3000)) { window.location.reload(); return; }
        setTimeout(poll, 1000);
      }).catch(function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 700);
  }

  function pending() {
    const line = document.querySelector("[data-poll]");
    if (!line) return;
    function poll() {
      fetch(line.dataset.poll).then(function (r) { return r.json(); }).then(function (s) {
        if (s.status === "done" || s.status === "error") { window.location.reload(); return; }
        setTimeout(poll, 1000);
      }).catch(function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 700);
  }

  function sortable() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      const heads = table.querySelectorAll("thead th");
      heads.forEach(function (th, col) {
        th.addEventListener("click", function () {
          const numeric = th.dataset.type === "num";
          const asc = !th.classList.contains("asc");
          heads.forEach(function (h) { h.classList.remove("asc", "desc"); });
          th.classList.add(asc ? "asc" : "desc");
          const body = table.tBodies[0];
          const rows = Array.from(body.rows);
          function key(row) {
            const cell = row.cells[col];
            const v = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
            return numeric ? Number(v) : v;
          }
          rows.sort(function (a, b) {
            const x = key(a), y = key(b);
            const c = numeric ? x - y : String(x).localeCompare(String(y), "zh-CN");
            return asc ? c : -c;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
  }

  function findingLinks() {
    // a marked span highlights its findings in the list, and the list scrolls to the first
    document.querySelectorAll("mark.finding").forEach(function (mark) {
      mark.addEventListener("click", function () {
        document.querySelectorAll(".finding-item.active").forEach(function (li) { li.classList.remove("active"); });
        const ids = mark.dataset.findings.split(" ");
        ids.forEach(function (i) {
          const li = document.getElementById("f" + i);
          if (li) li.classList.add("active");
        });
        const first = document.getElementById("f" + ids[0]);
        if (first) first.scrollIntoView({ block: "nearest" });
      });
    });
  }

  uploadForm();
  progress();
  pending();
  sortable();
  findingLinks();
})();
