import { createContext, useContext } from "react";

const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

/** The CSP nonce of this request (empty in the browser, where it is not needed after hydration). */
export function useNonce(): string {
  return useContext(NonceContext);
}
