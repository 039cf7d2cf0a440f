/** The options page: server address (with its host permission), opt-in daily re-check, clearing local data. */
import { MSG } from "./messages.js";
import { getSettings, normaliseServerUrl, saveSettings, serverOrigins } from "./store.js";

const $ = (id) => document.getElementById(id);
const say = (text) => {
  $("status").textContent = text;
};

async function load() {
  const settings = await getSettings();
  $("server-url").value = settings.serverUrl;
  $("auto-recheck").checked = settings.autoRecheck;
}

$("settings").addEventListener("submit", (event) => {
  event.preventDefault();
  let serverUrl;
  try {
    serverUrl = normaliseServerUrl($("server-url").value);
  } catch (error) {
    say(error.message);
    return;
  }
  const autoRecheck = $("auto-recheck").checked;
  // permissions.request must be called inside the user's click, before any await.
  chrome.permissions.request(serverOrigins(serverUrl)).then(async (granted) => {
    if (!granted) {
      say(`Not saved: Policywatch needs your permission to reach ${serverUrl}.`);
      return;
    }
    await saveSettings({ serverUrl, autoRecheck });
    $("server-url").value = serverUrl;
    say("Saved.");
  }, (error) => say(`Not saved: ${error.message}`));
});

$("clear-data").addEventListener("click", async () => {
  const reply = await chrome.runtime.sendMessage({ type: MSG.CLEAR_DATA });
  say(reply?.ok ? "Local data cleared." : `Could not clear: ${reply?.error?.message ?? "no answer"}`);
});

load();
