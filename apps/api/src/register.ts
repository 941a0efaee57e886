// The production bundle's preload (`node --import ./dist/register.js dist/main.js`): enables the OpenTelemetry
// instrumentations, with the ES-module loader hook, before the app's first module loads (see the telemetry package).
import "@trendpot/telemetry/register";
