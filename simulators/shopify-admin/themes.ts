// The shop's live theme as the Admin API shows it: `themes(roles: [MAIN])` with the one file Conduit
// reads, config/settings_data.json (where the theme editor records which app embeds are on). A shop
// starts with a live theme whose settings hold no app embed, as a fresh store's Dawn does.
import type { Operation } from "./store";

export interface LiveTheme {
  name: string;
  /** The file's text as Shopify stores it (a leading comment, then JSON). */
  settingsData: string;
}

export const THEME_ID = "gid://shopify/OnlineStoreTheme/9001";
const FRESH: LiveTheme = {
  name: "Dawn",
  settingsData: `/*\n * IMPORTANT: The contents of this file are auto-generated.\n */\n${JSON.stringify({ current: { blocks: {} } })}`,
};

/** settings_data.json of a live theme with the app embed `type` on (or present but switched off). */
export const settingsWithEmbed = (type: string, disabled = false) =>
  `/*\n * IMPORTANT: The contents of this file are auto-generated.\n */\n${JSON.stringify({ current: { blocks: { "17298740516310529391": { type, disabled, settings: {} } } } })}`;

export function liveTheme() {
  let theme: LiveTheme | null = FRESH;
  const answer: Operation["answer"] = (_store, vars) => {
    const wanted = Array.isArray(vars.filenames) ? vars.filenames.map(String) : [];
    const files = theme && wanted.includes("config/settings_data.json")
      ? [{ filename: "config/settings_data.json", body: { __typename: "OnlineStoreThemeFileBodyText", content: theme.settingsData } }]
      : [];
    const nodes = theme ? [{ id: THEME_ID, name: theme.name, role: "MAIN", files: { nodes: files, userErrors: [] } }] : [];
    return { data: { themes: { nodes } }, actual: 3 };
  };
  return {
    operations: <Record<string, Operation>>{ LiveThemeSettings: { requested: 3, answer } },
    /** null: a shop with no published theme (Shopify answers an empty list). */
    set: (next: LiveTheme | null) => {
      theme = next;
    },
    reset: () => {
      theme = FRESH;
    },
  };
}
