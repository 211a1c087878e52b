/** The variables the app reads at build time (Vite's import.meta.env). */
interface ImportMetaEnv {
  /** The gateway's URL when the page gives no `?gateway=`. */
  readonly VITE_GATEWAY_URL?: string;
}
