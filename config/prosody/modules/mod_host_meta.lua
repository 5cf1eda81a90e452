-- XEP-0156: lets a browser discover the WebSocket endpoint from the domain alone.
-- Prosody 0.12 has no such module in core, so this one ships with the project.
module:depends("http");

local websocket_url = module:get_option_string("host_meta_websocket_url",
	(module:http_url("websocket", "/xmpp-websocket"):gsub("^http", "ws")));

local rel = "urn:xmpp:alt-connections:websocket";
local xrd = ([[<?xml version='1.0' encoding='utf-8'?>
<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>
  <Link rel='%s' href='%s'/>
</XRD>
]]):format(rel, websocket_url);
local json = ([[{"links":[{"rel":"%s","href":"%s"}]}]]):format(rel, websocket_url);

local function serve(content_type, body)
	return function(event)
		local headers = event.response.headers;
		headers.content_type = content_type;
		headers.access_control_allow_origin = "*";
		headers.cache_control = "no-cache";
		return body;
	end
end

module:provides("http", {
	default_path = "/.well-known";
	route = {
		["GET /host-meta"] = serve("application/xrd+xml; charset=utf-8", xrd);
		["GET /host-meta.json"] = serve("application/json", json);
	};
});
