"""slixmpp-omemo's abstract XEP-0384 plugin made concrete: JSON-file storage and blind trust for every device."""

import logging

from slixmpp import JID
from slixmpp.plugins import register_plugin
from slixmpp_omemo import TrustLevel, XEP_0384

from omemo_storage import JsonFileStorage

log = logging.getLogger(__name__)


# Set by publish_legacy_only(): the device then has no OMEMO 2 backend at all.
LEGACY_ONLY = {"enabled": False}


class BlindTrustOmemo(XEP_0384):
    name = "xep_0384"
    description = "OMEMO for the test peer (blind trust, JSON-file storage)"
    default_config = {**XEP_0384.default_config, "store_path": None}

    def plugin_init(self):
        if not self.store_path:
            raise ValueError("the OMEMO plugin needs store_path (the JSON file of this device)")
        self._storage = JsonFileStorage(self.store_path)
        super().plugin_init()

    @property
    def storage(self):
        return self._storage

    async def refresh_device_lists(self, jids, force_download=False):
        if not LEGACY_ONLY["enabled"]:
            return await super().refresh_device_lists(jids, force_download)
        # The library refreshes both versions' lists; without an OMEMO 2 backend only legacy can be.
        import omemo  # pylint: disable=import-outside-toplevel
        import oldmemo  # pylint: disable=import-outside-toplevel

        session_manager = await self.get_session_manager()
        for jid in jids:
            bare = JID(jid).bare
            if bare == self.xmpp.boundjid.bare:
                continue
            try:
                await session_manager.refresh_device_list(oldmemo.oldmemo.NAMESPACE, bare)
            except omemo.DeviceListDownloadFailed as error:
                log.info("no legacy device list for %s: %s", bare, error)
        return None

    @property
    def _btbv_enabled(self):
        return True

    async def _devices_blindly_trusted(self, blindly_trusted, identifier):
        log.info("blindly trusted %s", sorted((d.bare_jid, d.device_id) for d in blindly_trusted))

    async def _prompt_manual_trust(self, manually_trusted, identifier):
        # A test peer has no user to ask: whatever would need a decision is trusted.
        session_manager = await self.get_session_manager()
        for device in manually_trusted:
            await session_manager.set_trust(device.bare_jid, device.identity_key, TrustLevel.TRUSTED.value)


register_plugin(BlindTrustOmemo)


def publish_legacy_only():
    """Makes the device legacy-only (as Conversations before OMEMO 2): slixmpp-omemo always creates
    both backends, so the session manager it builds is narrowed to the legacy one."""
    import oldmemo  # pylint: disable=import-outside-toplevel
    from slixmpp_omemo import xep_0384  # pylint: disable=import-outside-toplevel

    LEGACY_ONLY["enabled"] = True
    make_session_manager = xep_0384._make_session_manager  # pylint: disable=protected-access

    def legacy_session_manager(*args, **kwargs):
        base = make_session_manager(*args, **kwargs)

        class LegacyOnly(base):
            @classmethod
            async def create(cls, backends, *rest, **options):
                legacy = [backend for backend in backends if backend.namespace == oldmemo.oldmemo.NAMESPACE]
                return await super().create(legacy, *rest, **options)

        return LegacyOnly

    xep_0384._make_session_manager = legacy_session_manager  # pylint: disable=protected-access
