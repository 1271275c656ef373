import "@mantine/core/styles.css";
import "@mantine/dates/styles.css";
import "@mantine/notifications/styles.css";
import "./app.css";
import "./i18n";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { MantineProvider, createTheme, type CSSVariablesResolver } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import "dayjs/locale/ja";
import { AuthProvider } from "./auth";
import { App } from "./App";

// Shade 8 of blue keeps white text on filled buttons above 4.5:1 (WCAG AA).
const theme = createTheme({
  primaryColor: "blue",
  primaryShade: 8,
  fontFamily: '"Noto Sans JP", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic UI", Meiryo, system-ui, sans-serif',
  defaultRadius: "md",
});

// Mantine's dimmed grey is below 4.5:1 on white; a darker one keeps AA.
// Light and outline variants (text in the colour on a pale ground) take a
// darker text colour for the same reason.
const readable: Record<string, string> = {
  blue: "#1864ab", red: "#b02525", orange: "#a63c06", yellow: "#7a5000", green: "#1e6b30", teal: "#0b6654", grape: "#862e9c", gray: "#343a40",
};
const resolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "#495057",
    "--mantine-color-placeholder": "#5c636a",
    ...Object.fromEntries(Object.entries(readable).flatMap(([c, v]) => [[`--mantine-color-${c}-light-color`, v], [`--mantine-color-${c}-outline`, v]])),
  },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 } },
});

function Root() {
  const { i18n } = useTranslation();
  return (
    <DatesProvider settings={{ locale: i18n.language === "en" ? "en" : "ja", firstDayOfWeek: 1, consistentWeeks: true }}>
      <Notifications position="top-center" />
      <AuthProvider>
        <App />
      </AuthProvider>
    </DatesProvider>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={resolver} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Root />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
