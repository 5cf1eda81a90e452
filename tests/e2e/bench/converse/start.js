// Starts Converse against the benchmark's Prosody (config.json from the host). Everything is
// served locally: assets from /dist/, system emojis instead of the twemoji CDN, no XEP-0156
// discovery, no registration (its provider list is remote). OMEMO stays on: it is part of the
// default bundle. MAM is used because Prosody announces it.
fetch('/config.json')
  .then((response) => response.json())
  .then((config) =>
    converse.initialize({
      websocket_url: config.websocket_url,
      assets_path: '/dist/',
      view_mode: 'fullscreen',
      auto_login: false,
      discover_connection_methods: false,
      allow_registration: false,
      use_system_emojis: true,
      i18n: 'en',
      loglevel: 'error',
      message_archiving: 'always',
      show_controlbox_by_default: true,
    }),
  ).catch((error) => console.error("converse:", error));
