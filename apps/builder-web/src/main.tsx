import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@xyflow/react/dist/style.css";
import "./styles.css";
import { App } from "./app";
import { readStoredToken, takeTokenFromUrl } from "./auth/token-store";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

// Read the URL token before the first render, so it never shows in the address bar of a rendered page.
const initialToken = takeTokenFromUrl() ?? readStoredToken();

createRoot(root).render(
  <StrictMode>
    <App initialToken={initialToken} />
  </StrictMode>,
);
