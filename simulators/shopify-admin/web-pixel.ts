// The app's Web Pixel on the stand-in's shop: `webPixel` and webPixelCreate / webPixelUpdate /
// webPixelDelete, checked as Shopify checks them: settings a JSON string holding exactly the
// extension's [settings] fields (single_line_text_field: non-empty strings), one pixel per app.
import type { Operation } from "./store";

/** The fields extensions/conduit-pixel/shopify.extension.toml declares. */
export const PIXEL_SETTINGS_FIELDS = ["collectUrl", "shop"];

export interface StoredPixel {
  id: string;
  settings: string;
}

const err = (field: string[], message: string, code: string) => ({ field, message, code });

function settingsError(raw: unknown) {
  if (typeof raw !== "string") return err(["webPixel", "settings"], "Settings must be a JSON string.", "INVALID_SETTINGS");
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return err(["webPixel", "settings"], "Settings are not valid JSON.", "INVALID_SETTINGS");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return err(["webPixel", "settings"], "Settings must be an object.", "INVALID_SETTINGS");
  const keys = Object.keys(parsed);
  const unknown = keys.find((k) => !PIXEL_SETTINGS_FIELDS.includes(k));
  if (unknown) return err(["webPixel", "settings"], `Setting ${unknown} is not declared by the extension.`, "INVALID_SETTINGS");
  const missing = PIXEL_SETTINGS_FIELDS.find((k) => typeof (parsed as Record<string, unknown>)[k] !== "string" || (parsed as Record<string, string>)[k].trim() === "");
  if (missing) return err(["webPixel", "settings"], `Setting ${missing} must be a non-empty text value.`, "INVALID_SETTINGS");
  return null;
}

export function webPixelStandIn() {
  let pixel: StoredPixel | null = null;
  let next = 1;
  const history: string[] = [];

  const answer = (data: object) => ({ data, actual: 10 });
  const operations: Record<string, Operation> = {
    WebPixel: { requested: 1, answer: () => ({ data: { webPixel: pixel }, actual: 1 }) },
    WebPixelCreate: {
      requested: 10,
      answer: (_s, vars) => {
        const input = (vars.webPixel ?? {}) as { settings?: unknown };
        const problem = pixel ? err(["webPixel"], "A web pixel already exists for this app.", "TAKEN") : settingsError(input.settings);
        if (problem) return answer({ webPixelCreate: { webPixel: null, userErrors: [problem] } });
        pixel = { id: `gid://shopify/WebPixel/${next++}`, settings: input.settings as string };
        history.push("create");
        return answer({ webPixelCreate: { webPixel: pixel, userErrors: [] } });
      },
    },
    WebPixelUpdate: {
      requested: 10,
      answer: (_s, vars) => {
        const input = (vars.webPixel ?? {}) as { settings?: unknown };
        const problem = !pixel || vars.id !== pixel.id ? err(["id"], "Web pixel not found.", "NOT_FOUND") : settingsError(input.settings);
        if (problem || !pixel) return answer({ webPixelUpdate: { webPixel: null, userErrors: [problem] } });
        pixel = { ...pixel, settings: input.settings as string };
        history.push("update");
        return answer({ webPixelUpdate: { webPixel: pixel, userErrors: [] } });
      },
    },
    WebPixelDelete: {
      requested: 10,
      answer: (_s, vars) => {
        if (!pixel || vars.id !== pixel.id) return answer({ webPixelDelete: { deletedWebPixelId: null, userErrors: [err(["id"], "Web pixel not found.", "NOT_FOUND")] } });
        const id = pixel.id;
        pixel = null;
        history.push("delete");
        return answer({ webPixelDelete: { deletedWebPixelId: id, userErrors: [] } });
      },
    },
  };
  return {
    operations,
    pixel: () => pixel,
    /** The mutations that changed something, in order. */
    history: history as readonly string[],
    reset() {
      pixel = null;
      history.length = 0;
    },
  };
}
