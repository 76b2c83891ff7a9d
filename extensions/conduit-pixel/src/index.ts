// The Web Pixel's entry point: Shopify's runtime calls what register() is given.
import { register } from "@shopify/web-pixels-extension";
import { conduitPixel } from "./pixel";

register(conduitPixel);
