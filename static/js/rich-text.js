// The rich text editor (django-prose-editor), started without the inline import
// map and style element that its own preset needs, so the Content-Security-Policy
// holds. Adds image upload (with a required description) and a preview.
import * as E from "../django_prose_editor/editor.js";

const BLOCK = /<\s*(p|ul|ol|li|h[1-6]|blockquote|figure|img|br)\b/i;

function escapeHtml(text) {
  const div = document.createElement("div");
  div.textContent = text;
  return div.innerHTML;
}

// Text typed without the editor: blank lines are paragraphs, "- " lines a list
// (the server reads it the same way, see core.html.text_to_html).
function textToHtml(text) {
  return text
    .split(/\n\s*\n/)
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split("\n");
      if (lines.every((line) => /^\s*[-*] /.test(line))) {
        const items = lines.map((l) => `<li>${escapeHtml(l.replace(/^\s*[-*] /, ""))}</li>`);
        return `<ul>${items.join("")}</ul>`;
      }
      return `<p>${lines.map(escapeHtml).join("<br>")}</p>`;
    })
    .join("");
}

function extensionsFrom(config) {
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = E[name];
    if (!extension) continue;
    extensions.push(typeof options === "object" ? extension.configure(options) : extension);
  }
  return extensions;
}

function createEditor(textarea) {
  const config = JSON.parse(textarea.dataset.richText || "{}");
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = E.crel("div", { className: `prose-editor ${disabled ? "disabled" : ""}` });
  textarea.before(wrapper);
  wrapper.append(textarea);
  const value = textarea.value;
  // The textarea is hidden: its label and descriptions name the editor instead.
  const attributes = {};
  const label = textarea.labels?.[0] || document.querySelector(`label[for="${textarea.id}"]`);
  if (label) attributes["aria-label"] = label.textContent.trim();
  const describedBy = [textarea.getAttribute("aria-describedby"), `${textarea.id}_hint`]
    .filter(Boolean)
    .join(" ");
  attributes["aria-describedby"] = describedBy;
  if (textarea.getAttribute("aria-invalid")) attributes["aria-invalid"] = "true";
  return new E.Editor({
    editorProps: { attributes },
    element: wrapper,
    editable: !disabled,
    extensions: extensionsFrom(config),
    content: value && !BLOCK.test(value) ? textToHtml(value) : value,
    injectCSS: false,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
}

function csrfToken(element) {
  const field = element.closest("form")?.querySelector("[name=csrfmiddlewaretoken]");
  if (field) return field.value;
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

async function post(url, body, element) {
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { "X-CSRFToken": csrfToken(element) },
    credentials: "same-origin",
  });
  return response;
}

function setUp(box) {
  const textarea = box.querySelector("textarea[data-rich-text]");
  if (!textarea || textarea.id.includes("__prefix__")) return;
  const editor = createEditor(textarea);
  const tools = box.querySelector(".rich-text-tools");
  const status = box.querySelector("[data-role=status]");
  const file = box.querySelector("[data-role=image-file]");
  const alt = box.querySelector("[data-role=image-alt]");
  const output = box.querySelector("[data-role=preview-output]");
  tools.hidden = false;

  box.querySelector("[data-role=image-insert]").addEventListener("click", async () => {
    status.textContent = "";
    if (!file.files.length || !alt.value.trim()) {
      status.textContent = box.dataset.needBoth || alt.labels[0].textContent;
      (file.files.length ? alt : file).focus();
      return;
    }
    const body = new FormData();
    body.append("image", file.files[0]);
    body.append("alt", alt.value.trim());
    const response = await post(box.dataset.uploadUrl, body, box);
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      status.textContent = answer.error || response.statusText;
      return;
    }
    editor.chain().focus().setImage({ src: answer.url, alt: answer.alt }).run();
    file.value = "";
    alt.value = "";
    status.textContent = answer.message || "";
  });

  box.querySelector("[data-role=preview]").addEventListener("click", async () => {
    const body = new FormData();
    body.append("html", textarea.value);
    const response = await post(box.dataset.previewUrl, body, box);
    output.innerHTML = await response.text(); // sanitised by the server
    output.hidden = false;
  });
}

for (const box of document.querySelectorAll(".rich-text")) setUp(box);
document.addEventListener("formset:added", (event) => {
  for (const box of event.target.querySelectorAll(".rich-text")) setUp(box);
});
