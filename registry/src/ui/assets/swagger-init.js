// Starts Swagger UI (served by the binary under /api/docs/) on the document named by the
// container's data-url, on the API catalogue's version page. Read only: no "try it out".
(function () {
  "use strict";
  var host = document.getElementById("swagger-ui");
  if (!host || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  var url = host.getAttribute("data-url");
  if (!url) {
    return;
  }
  host.textContent = "";
  window.SwaggerUIBundle({
    url: url,
    domNode: host,
    deepLinking: false,
    supportedSubmitMethods: [],
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
})();
