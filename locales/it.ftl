# Messaggi dell’interfaccia in italiano: le stesse chiavi di en.ftl.

# src/app.rs
app-loading = Caricamento…
app-load-failed = Non è stato possibile caricare Jibber. Controlla la connessione e ricarica la pagina.

# src/boot.rs
storage-refused = Questo browser ha rifiutato l’archiviazione locale ({error}). Jibber funziona, ma dimentica tutto quando la pagina si chiude.
storage-blocked = Jibber è stato aggiornato, ma un’altra scheda di Jibber usa ancora la versione precedente. Chiudi o ricarica quella scheda per continuare; nulla di ciò che è salvato va perso.

# src/views/login.rs
login-enter-address = Inserisci il tuo indirizzo completo, per esempio alice@example.org.
login-enter-password = Inserisci la password.
login-tagline = Chat privata sulla rete aperta XMPP.
login-address = Il tuo indirizzo
login-password = Password
connection-settings = Impostazioni di connessione
websocket-url = URL WebSocket
websocket-url-placeholder = trovato automaticamente
login-ws-hint = Lascia vuoto per cercarlo dal tuo server (XEP-0156).
login-connecting = Connessione…
login-submit = Accedi
login-new-here = Nuovo qui?
login-create-account = Crea un account
login-error-invalid-jid = Questo indirizzo non è valido: {detail}
login-error-not-authorized = Indirizzo o password errati.
login-error-unreachable = Impossibile raggiungere il server: {detail}
login-error-protocol = Il server ha inviato dati che Jibber non capisce: {detail}
login-error-refused = Il server ha rifiutato l’accesso: {detail}
login-error-storage = Impossibile salvare l’account su questo dispositivo: {detail}

# src/views/signup.rs
signup-enter-server = Inserisci il nome del server, per esempio example.org.
signup-bad-username = Scegli un nome utente senza spazi né @.
signup-short-password = Scegli una password di almeno {n} caratteri.
signup-passwords-differ = Le due password sono diverse.
signup-server = Server
signup-asking = Chiedo al server…
signup-continue = Continua
signup-web-only = {domain} crea gli account sulla sua pagina web.
signup-web-link = Registrati sulla pagina web del server
signup-app-refused = {domain} non crea account dalle app. Registrati sulla sua pagina web, poi accedi qui.
signup-new-account = Il tuo nuovo account
signup-username = Nome utente
signup-password-again = Ripeti la password
signup-creating = Creazione…
signup-submit = Crea l’account
signup-back = Torna all’accesso
signup-required = {label} (obbligatorio)

# src/views/main_view.rs
logout = Esci
logout-forget = Dimentica questo dispositivo…
forget-warning = Esci ed elimina tutto ciò che Jibber conserva su questo dispositivo: chat, contatti, impostazioni e le chiavi dell’identità di cifratura (OMEMO) di questo dispositivo. Quell’identità sparisce per sempre: i messaggi cifrati per lei non si potranno più leggere qui e i tuoi contatti vedranno un nuovo dispositivo al prossimo accesso.
forget-confirm = Dimentica questo dispositivo
cancel = Annulla
dismiss = Chiudi
sidebar-label = Chat e contatti
chat-pane-label = Conversazione
pick-a-chat = Scegli una chat o iniziane una nuova.
announce-message = {sender}: {text}
announce-message-elsewhere = Nuovo messaggio da {sender}

# src/format.rs
delivery-pending = In attesa di invio
delivery-sent = Inviato
delivery-delivered = Consegnato
delivery-read = Letto
delivery-failed = Non inviato: {reason}
duration-seconds-one = {n} secondo
duration-seconds-other = {n} secondi
duration-minutes-one = {n} minuto
duration-minutes-other = {n} minuti
duration-hours-one = {n} ora
duration-hours-other = {n} ore
duration-days-one = {n} giorno
duration-days-other = {n} giorni
last-seen-just-now = Visto poco fa
last-seen-minutes-one = Visto {n} minuto fa
last-seen-minutes-other = Visto {n} minuti fa
last-seen-hours-one = Visto {n} ora fa
last-seen-hours-other = Visto {n} ore fa
last-seen-days-one = Visto {n} giorno fa
last-seen-days-other = Visto {n} giorni fa
last-seen-with-status = {ago}: “{status}”
last-seen-unknown = Ultimo accesso: sconosciuto
show-online = Disponibile
show-away = Assente
show-dnd = Non disturbare
show-xa = Assente da un po’
show-invisible = Invisibile
role-moderator = moderatore
role-participant = partecipante
role-visitor = visitatore

# src/notify.rs
notification-new-message = Nuovo messaggio

# src/components/account.rs
changing-password = Cambio della password…
account = Account
new-password = Nuova password
new-password-again = Ripeti la nuova password
change-password = Cambia password
delete-account-warning = Eliminare {jid} sul server? I tuoi contatti, le loro approvazioni e l’archivio dei messaggi sul server vanno persi per sempre, e questo dispositivo dimentica tutte le chat. Non si può annullare.
delete-account-confirm = Elimina il mio account
delete-account-keep = Tienilo
delete-account = Elimina l’account…
language = Lingua

# src/components/add_contact.rs
add-contact-asked = Chiesto a {jid} di condividere il suo stato. Appare in linea quando approva.
add-contact-failed = Impossibile aggiungere il contatto: {reason}
add-contact = Aggiungi un contatto
address = Indirizzo
add-contact-name = Nome (facoltativo)
add-contact-groups = Gruppi (facoltativi, separati da virgole)
add-contact-share = Fagli vedere anche il mio stato
add-contact-submit = Aggiungi contatto

# src/components/attach.rs
file-not-shared = Il file non è stato condiviso: {reason}
attach = Condividi un file
uploading = Invio di {name}…

# src/components/avatar_picker.rs
avatar-preparing = Preparo l’immagine…
avatar-updated = Avatar aggiornato.
avatar-failed = Impossibile impostare l’avatar: {reason}
avatar = Immagine del profilo
avatar-not-image = Questo file non è un’immagine che Jibber sa leggere.
avatar-resize-failed = Impossibile ridimensionare l’immagine.

# src/components/block_toggle.rs
unblock = Sblocca
block = Blocca

# src/components/connection_status.rs
connection-online = In linea
connection-connecting = Connessione…
connection-reconnecting = Non in linea, riconnessione…
connection-offline = Non in linea
connection-problem = Problema di connessione
connection-retry = Riprova ora

# src/components/contact_actions.rs
contact-actions-label = Azioni per {name}
name = Nome
contact-groups = Gruppi (separati da virgole)
save = Salva
contact-remove = Rimuovi contatto

# src/components/conversation_list.rs
chats = Chat
no-chats = Ancora nessuna chat.
unread = non letti

# src/components/new_chat.rs
new-chat-enter-address = Inserisci un indirizzo, per esempio bob@example.org.
new-chat = Inizia una chat con
new-chat-open = Apri

# src/components/notifications.rs
notifications-hint = Mostra una notifica quando arriva un messaggio mentre Jibber è in secondo piano
notifications-enable = Attiva le notifiche
sound-toggle = Suono per i nuovi messaggi

# src/components/own_status.rs
own-show = Stato
own-status-text = Messaggio di stato
own-status-placeholder = Che cosa stai facendo?
own-nick = Soprannome (visibile ai tuoi contatti)
own-status-save = Aggiorna lo stato

# src/components/qr.rs
qr-too-long = Questo link è troppo lungo per un codice.

# src/components/requests.rs
requests = Richieste
requests-hint = Queste persone vogliono vedere quando sei in linea.
requests-ask-back = Quando approvi, chiedi anche di vedere il loro stato
requests-show-all = Mostra tutte ({n})
approve = Approva
deny = Rifiuta
blocked-count = Bloccati ({n})
nobody-blocked = Nessuno è bloccato.

# src/components/shared_file.rs
file-loading = Caricamento del file…
file-cannot-show = Il file non si può mostrare: {reason}
file-download = Scarica {name}

# src/components/profile.rs
profile-full-name = Nome completo
profile-nickname = Soprannome
profile-email = E-mail
profile-phone = Telefono
profile-org = Organizzazione
profile-note = Nota
profile-web = Sito
profile-web-page = Pagina web (https://…)
profile = Profilo
profile-loading = Caricamento del profilo…
profile-unreadable = Impossibile leggere il profilo.
profile-none = Nessun profilo.
profile-bad-url = La pagina web deve essere un indirizzo che inizia con https:// o http://.
profile-save = Salva il profilo

# src/components/chat_view.rs
group-joining = Ingresso nel gruppo…
back-to-chats = Torna alle chat
messages = Messaggi
loading = Caricamento…
load-older = Mostra i messaggi precedenti
no-messages = Ancora nessun messaggio. Saluta!
jump-newest = Messaggi più recenti ↓
typing = {jid} sta scrivendo…

# src/components/message_actions.rs
copied = Copiato
copy-failed = Impossibile copiare: {reason}
message-actions = Azioni per questo messaggio
react-with = Reagisci con {emoji}
reply = Rispondi
copy = Copia
quote = Cita
edit = Modifica
retract-confirm = Ritirare per tutti?
retract = Ritira
clipboard-unavailable = questo browser non dà accesso agli appunti
clipboard-refused = il browser ha rifiutato

# src/components/message_item.rs
disappears-at = Scompare alle {time}
encrypted = Cifrato end-to-end
encrypted-untrusted = Cifrato end-to-end da un dispositivo di cui non ti fidi ancora
retracted = Questo messaggio è stato ritirato.
message-moderated = Questo messaggio è stato rimosso da un moderatore.
message-moderated-reason = Questo messaggio è stato rimosso da un moderatore: {reason}
not-sent = Non inviato: {reason}
edited = · modificato
reactions = Reazioni
reaction-from = {emoji} da {names}

# src/components/message_reply.rs
you = Tu
reply-to = Risposta a {author}: {text}. Mostra il messaggio
replying-to = Rispondi a {author}: {text}

# src/components/retention.rs
custom-timer-error = Timer personalizzato: {error}.
pick-a-timer = Scegli un timer.
messages-kept = I messaggi vengono conservati
messages-disappear = I messaggi scompaiono dopo {duration}
off = Disattivati
custom = Personalizzato…
seconds = Secondi
retention-menu = Messaggi effimeri e cronologia
chat-retention = Messaggi effimeri in questa chat
retention-default-option = Predefinito ({timer})
retention-off = disattivati
no-archive = Non archiviare sul server
no-archive-hint = I messaggi effimeri allora saltano l’archivio del server: non vi sono mai salvati, ma i tuoi altri dispositivi non in linea non li riceveranno.
retention-note = Jibber chiede alle app di {jid} di eliminare anche loro questi messaggi. Le app che non supportano i messaggi effimeri (XEP-0466) potrebbero conservarli.
clear-history-open = Cancella la cronologia…
clear-history-warning = Eliminare da questo dispositivo tutti i messaggi con {jid}? L’archivio del server non cambia, ma Jibber non scaricherà più questi messaggi.
clear-history = Cancella la cronologia
disappearing-messages = Messaggi effimeri
default-retention = Predefinito per le chat senza un timer proprio
honour-peer-timers = Elimina i messaggi quando scade il timer di chi li ha inviati
retention-hint = L’età di un messaggio si conta da quando è stato inviato. Anche gli altri tuoi dispositivi Jibber ricevono queste impostazioni.
clear-all-open = Svuota tutte le chat…
clear-all-warning = Eliminare da questo dispositivo tutti i messaggi di tutte le chat? L’archivio del server non cambia, ma Jibber non scaricherà più questi messaggi.
clear-all = Svuota tutte le chat

# src/components/roster_list.rs
contacts-count-one = {n} contatto
contacts-count-other = {n} contatti
contacts-shown = {shown} di {n} contatti
contacts = Contatti
search-contacts = Cerca nei contatti
sort-contacts = Ordina i contatti
sort-by-name = Per nome
sort-by-recent = Per attività recente
no-contacts = Ancora nessun contatto. Aggiungine uno con l’indirizzo qui sopra.
idle-since = inattivo dalle {time}
last-seen-at = visto alle {time}
subscription-both-pending = richiesta inviata; anche loro l’hanno chiesto
subscription-sent = richiesta inviata
subscription-wants = vuole vedere il tuo stato
subscription-they-dont-see = non vede il tuo stato
subscription-you-dont-see = non vedi il suo stato
subscription-none = nessuno stato condiviso
presence-available = disponibile
presence-away = assente
presence-dnd = non disturbare
presence-xa = assente da un po’
presence-unavailable = non in linea

# src/components/groups.rs
groups = Gruppi
group-needs-name = Dai un nome al gruppo.
new-group = Nuovo gruppo
group-kind = Tipo
group-kind-private = Gruppo privato: solo membri, serve un invito, i membri si vedono a vicenda
group-kind-public = Canale pubblico: chiunque può trovarlo ed entrarci
group-owners-only = Solo proprietari e amministratori possono scrivere
create = Crea
join-group-enter-address = Inserisci l’indirizzo di un gruppo, per esempio team@conference.example.org.
join-group = Entra in un gruppo
join = Entra
invitations = Inviti
invitations-count-one = {n} invito
invitations-count-other = {n} inviti
invites-you-to = ti invita in
decline = Rifiuta

# src/components/group_header.rs
people = Persone:
leave = Esci
people-in-group = Persone in questo gruppo
and-more = e altri {n}
invite = Invita
invite-someone = Invita qualcuno

# src/components/composer.rs
editing-hint = Stai modificando il messaggio — Invio salva, Esc annulla
cancel-reply = Annulla la risposta
message = Messaggio
write-a-message = Scrivi un messaggio
send-as-disappearing = Invia come effimero
composer-timer-chat = ⏱ Impostazione della chat
composer-timer-5m = ⏱ 5 minuti
composer-timer-1h = ⏱ 1 ora
composer-timer-1d = ⏱ 1 giorno
send = Invia

# src/components/encryption.rs
encryption-on-title = Cifrata end-to-end (OMEMO): solo i tuoi dispositivi e i suoi possono leggere questa chat. Fai clic per inviare senza cifratura.
encryption-off-title = Non cifrata: il server può leggere questa chat. Fai clic per cifrarla.
encryption-unavailable-title = Non cifrata: questo contatto non ha ancora un dispositivo che supporta OMEMO. Fai clic per richiedere la cifratura (i messaggi aspettano finché si possono cifrare).
encryption-on = Cifrata
encryption-off = Non cifrata
keys = Chiavi
encryption-keys = Chiavi di cifratura
this-device = Questo dispositivo
device-id = Dispositivo {id}
verify-own = Mostra un codice per verificare questo dispositivo
verification-code = Codice di verifica di questo dispositivo
verification-link = Link di verifica di questo dispositivo
keys-not-ready = Le chiavi di cifratura non sono ancora pronte.
their-devices = Dispositivi di {jid}
your-other-devices = I tuoi altri dispositivi
compare-fingerprints = Confronta le impronte con il tuo contatto di persona o durante una chiamata; segna un dispositivo come verificato solo se corrispondono.
verify-link = Verifica con il link del suo codice (xmpp:…)
verify = Verifica
no-devices = Nessun dispositivo conosciuto.
device-trust = Fiducia nel dispositivo {id}
device-inactive = (non più in uso)
key-not-seen = Chiave non ancora vista
remove-device = Rimuovi questo dispositivo
trust-undecided = Da decidere
trust-trusted = Fidato
trust-verified = Verificato
trust-distrusted = Non fidato
fingerprint = Impronta {digits}

# src/components/group_readers.rs
group-encryption-on-title = Cifrato end-to-end (OMEMO) per i dispositivi di tutti i membri. Fai clic per inviare senza cifratura.
group-encryption-off-title = Non cifrato: il server può leggere questo gruppo. Fai clic per cifrarlo.
group-encryption-on = Cifrato
group-encryption-off = Non cifrato
who-cant-read = Chi non può leggere
who-cant-read-count = Chi non può leggere ({n})
who-cant-read-group = Chi non può leggere questo gruppo
group-plaintext-warning = Inviare senza cifratura in questo gruppo? Da ora in poi il server e chiunque ottenga il suo archivio potranno leggere ciò che invii.
send-unencrypted = Invia senza cifratura
keep-encryption = Mantieni la cifratura
group-readers-nobody = Non c'è ancora nessun altro in questo gruppo.
group-readers-all-one = L'unico altro membro può leggere i messaggi cifrati.
group-readers-all-other = Tutti i {n} membri possono leggere i messaggi cifrati.
reader-ready = {jid} può leggere i messaggi cifrati.
reader-checking = Recupero delle chiavi di {jid}…
reader-no-devices = {jid} non ha dispositivi con cifratura (OMEMO): chiedigli di aprire Jibber o un altro client con OMEMO.
reader-unreachable = Non è stato possibile recuperare le chiavi di {jid} ({why}): chiedigli di aprire il suo client, così pubblica di nuovo le chiavi.
reader-untrusted = Le chiavi di {jid} non sono fidate: verifica la sua chiave (apri una chat con questa persona, poi “{keys}”).
send-anyway-question = {names} non può ancora leggere i messaggi cifrati (vedi “{who}”). Inviarlo cifrato per tutti gli altri?

# src/components/composer.rs
send-to-others = Invia agli altri
dont-send = Non inviare

# src/components/room_browser.rs
browse-groups = Sfoglia i gruppi
public-groups = Gruppi pubblici
search = Cerca
name-or-address = Nome o indirizzo
no-public-groups-match = Nessun gruppo pubblico corrisponde.
show-more = Mostra altri ({n})
room-occupants = {n} presenti

# src/components/occupant_actions.rs
occupant-no-address = Il gruppo non mostra l'indirizzo di questa persona.
take-voice = Togli la parola
give-voice = Dai la parola
make-moderator = Rendi moderatore
remove-from-group = Rimuovi dal gruppo
make-member = Rendi membro
make-admin = Rendi amministratore
make-owner = Rendi proprietario
ban = Escludi
manage-this-person = Gestisci questa persona
reason-optional = Motivo (facoltativo)
manage = Gestisci

# src/components/member_list.rs
members = Membri
members-of-group = Membri di questo gruppo
address-to-add = Indirizzo da aggiungere
add-as = Come
affiliation-member = membro
affiliation-admin = amministratore
affiliation-owner = proprietario
affiliation-outcast = escluso
add = Aggiungi
remove = Rimuovi

# src/components/moderate_action.rs
moderate-confirm = Rimuovere per tutti?
moderate-remove = Rimuovi (moderatore)

# src/components/chat_view.rs
private-chat-note = Un messaggio privato a una persona in un gruppo: non è cifrato end-to-end e il server del gruppo può leggerlo.

# src/pwa.rs
update-available = Aggiornamento disponibile —
reload = Ricarica

# src/shortcuts.rs
keyboard-shortcuts = Scorciatoie da tastiera
shortcut-next-chat = Chat successiva
shortcut-previous-chat = Chat precedente
shortcut-close = Chiudi la finestra o il pannello aperto
shortcut-help = Mostra queste scorciatoie
close = Chiudi

# src/components/preferences.rs
preferences = Preferenze
theme = Tema
theme-system = Come il sistema
theme-light = Chiaro
theme-dark = Scuro
protocol-handler = Apri i link xmpp: con Jibber
protocol-handler-unsupported = Questo browser non può aprire i link con Jibber.
protocol-handler-asked = Il browser chiede se Jibber può aprire i link xmpp:.
protocol-handler-refused = Il browser ha rifiutato di aprire i link xmpp: con Jibber.

# src/routing.rs
join-failed = Impossibile entrare in {room}: {reason}
link-failed = Impossibile aprire il link: {reason}.
link-verified = Dispositivi di {jid} verificati dal link.
link-verify-failed = Impossibile verificare i dispositivi del link: {reason}

# src/notices.rs (the client's notices and group reasons)
notice-profile-saved = Profilo salvato.
notice-profile-not-saved = Impossibile salvare il profilo: {reason}
notice-password-changed = La password è stata cambiata.
notice-password-not-changed = La password non è stata cambiata: {reason}
notice-password-may-not-have-changed = La connessione si è interrotta prima che il server confermasse la nuova password; potrebbe non essere cambiata.
notice-account-deleted = Il tuo account è stato eliminato.
notice-account-not-deleted = L'account non è stato eliminato: {reason}
notice-invitation-sent = Invito inviato a {jid}.
notice-not-sharing-status = {jid} non condivide il suo stato con te.
group-ended-with-reason = {text}: {reason}
group-ended-plain = {text}.
group-kicked = Sei stato rimosso dal gruppo
group-banned = Sei stato escluso dal gruppo
group-closed = Il gruppo è stato chiuso
group-removed = Non sei più membro di questo gruppo.
group-nick-conflict = Qualcuno nel gruppo usa già il tuo soprannome.
group-members-only = Questo gruppo è riservato ai membri; chiedi a un proprietario di invitarti.
group-forbidden = Sei escluso da questo gruppo.
group-needs-password = Questo gruppo richiede una password.
group-not-found = Questo gruppo non esiste.
group-creation-not-allowed = Non puoi creare gruppi su questo server.
group-full = Il gruppo è pieno.
group-refused = Il gruppo non ti ha fatto entrare ({condition}).
group-no-voice = Non puoi scrivere qui: solo i proprietari e gli amministratori (e chi riceve da loro la parola) possono scrivere in questo canale.
group-not-in = Non sei in questo gruppo.
group-encryption-note-private = I messaggi in questo gruppo privato sono cifrati end-to-end (OMEMO) per i dispositivi di tutti i membri.
group-encryption-note-unavailable = La cifratura end-to-end (OMEMO) non è disponibile qui: i membri non vedono gli indirizzi degli altri, quindi le loro chiavi non si possono recuperare. Solo i gruppi privati (riservati ai membri, con indirizzi visibili ai membri) possono essere cifrati.

# src/components/room_settings.rs
room-config-open = Impostazioni
room-config-title = Impostazioni del gruppo
room-config-loading = Caricamento delle impostazioni…
room-config-save = Salva
room-config-cancel = Annulla
room-config-required = (obbligatorio)
room-config-read-only = Questa impostazione non si può modificare qui; resta com'è.
room-config-one-per-line = Uno per riga.

# src/notices.rs, src/reasons.rs, src/message_reasons.rs: the client's typed reasons
reason-no-answer = nessuna risposta
notice-block-failed = Impossibile bloccare {jid}: {reason}
notice-unblock-failed = Impossibile sbloccare {jid}: {reason}
notice-contact-not-changed = Impossibile modificare {jid} nei tuoi contatti: {reason}
notice-nick-not-published = Impossibile pubblicare il tuo soprannome: {reason}
notice-avatar-not-published = Impossibile pubblicare il tuo avatar: {reason}
notice-bookmarks-not-synced = Gli altri tuoi dispositivi potrebbero non vedere questa modifica del gruppo ({reason}).
notice-group-settings-missing = Il server non offre tutte le impostazioni che servono a questo tipo di gruppo ({fields}); controlla le impostazioni del gruppo.
notice-group-settings-unreadable = Impossibile leggere le impostazioni di {room}; è stato creato con le impostazioni predefinite del server.
notice-group-not-configured = Il gruppo {room} non è stato configurato ({reason}).
notice-message-not-removed = Impossibile rimuovere il messaggio in {room}: {why}.
notice-group-action-refused = Impossibile {action}: {why}.
notice-invitee-not-member = {jid} non è stato reso membro di {room} ({reason}), quindi l'invito non è stato inviato.
notice-group-already-exists = {room} esiste già; sei entrato in quel gruppo invece di crearne uno nuovo.
notice-invitation-room-gone = Il gruppo {room} non esiste, quindi l'invito è stato rimosso.
notice-retention-not-shared = Non è stato possibile comunicare agli altri tuoi dispositivi le impostazioni dei messaggi a scomparsa: {reason}
moderation-forbidden = solo i moderatori possono rimuovere i messaggi
moderation-not-found = il gruppo non ha più quel messaggio
group-unsupported = il server del gruppo non lo supporta
group-no-answer = il gruppo non ha risposto
group-refused-it = il gruppo ha rifiutato ({condition})
roles-forbidden = non hai i permessi per farlo in questo gruppo
roles-not-allowed = il gruppo non lo consente (un amministratore non può declassare un proprietario, e l'ultimo proprietario deve restare)
roles-not-found = nel gruppo non c'è nessuno con quel nome
roles-last-owner = il gruppo resterebbe senza proprietario
roles-bad-request = il gruppo non ha capito la richiesta
action-read-member-list = leggere l'elenco dei membri
action-kick = rimuovere {nick} dal gruppo
action-take-voice = togliere la parola a {nick}
action-give-voice = dare la parola a {nick}
action-make-moderator = rendere {nick} moderatore
action-ban = bandire {jid}
action-remove-affiliation = togliere l'affiliazione a {jid}
action-make-owner = rendere {jid} proprietario
action-make-admin = rendere {jid} amministratore
action-make-member = rendere {jid} membro
error-not-logged-in = Non hai effettuato l'accesso.
error-not-connected = Non connesso; riprova quando Jibber è online.
error-shutting-down = Jibber si sta chiudendo.
error-omemo-not-ready = La cifratura (OMEMO) non è pronta su questo dispositivo.
error-omemo-rejected = Cifratura: {detail}
error-cannot-remove-own-device = Questo dispositivo non può rimuovere se stesso; esci e dimentica questo dispositivo.
error-keys-pending = Le chiavi di cifratura sono ancora in arrivo; riprova tra un momento.
input-message-gone = Quel messaggio non c'è più.
input-not-own-message = Puoi modificare solo i tuoi messaggi.
input-empty-correction = Una correzione deve contenere del testo; ritira il messaggio per rimuoverlo.
input-bad-nickname = Quel soprannome non si può usare in un gruppo.
input-nick-not-addressable = A quel soprannome non si può scrivere.
input-join-group-first = Prima entra nel gruppo.
input-no-moderation = Il server di questo gruppo non può rimuovere messaggi (nessuna moderazione XEP-0425).
input-no-group-id-yet = Il gruppo non ha ancora confermato questo messaggio; riprova tra un momento.
input-choose-someone = Scegli qualcuno nel gruppo.
input-no-uploads = Il tuo server non accetta il caricamento di file.
input-file-too-large = Il file è troppo grande: il tuo server accetta file fino a {mb} MB.
input-enter-address = Inserisci un indirizzo come bob@example.org.
input-own-address = È il tuo stesso indirizzo.
input-cannot-block-self = Non puoi bloccare te stesso.
input-not-an-address = "{input}" non è un indirizzo: {detail}
input-not-a-group-address = L'indirizzo di un gruppo è del tipo nome@conference.example.org.
input-short-password = Una password deve avere almeno {n} caratteri.
input-unacceptable = Non si può usare: {detail}
store-unavailable = L'archiviazione non è disponibile: {detail}
store-full = L'archiviazione di questo dispositivo è piena: libera spazio o cancella vecchie chat, poi ricarica; ciò che è già salvato resta ({detail}).
store-corrupt = Impossibile leggere i dati salvati ({what}): {detail}
store-blocked = Un'altra scheda sta aggiornando l'archiviazione: {detail}
store-failed = L'archiviazione non è riuscita: {detail}
store-omemo-keys-unreadable = Impossibile leggere le chiavi di cifratura salvate ({detail}). Le chat cifrate non si possono usare su questo dispositivo finché non viene reimpostato.
store-omemo-keys-not-saved = Impossibile salvare le chiavi di cifratura: {detail}
history-offline = I messaggi precedenti si possono caricare dal server quando Jibber torna online.
history-archive-refused = Impossibile leggere l'archivio dei messaggi: {reason}
history-group = Impossibile leggere la cronologia di {room}.
connection-stored-login-rejected = L'accesso salvato non funziona più.
connection-stream-error = Il server ha chiuso la connessione: {detail}
login-error-not-websocket-url = "{url}" non è un URL WebSocket (ws:// o wss://).
disconnect-closed = connessione chiusa (codice {code})
disconnect-socket-error = impossibile aprire il WebSocket: {detail}
disconnect-socket-failed = la connessione WebSocket non è riuscita
disconnect-session-ended = la sessione è terminata
disconnect-device-offline = questo dispositivo è offline
password-prompt-enter = Inserisci la password per connetterti.
password-prompt-may-have-changed = La tua password potrebbe essere cambiata. Inseriscila di nuovo per riconnetterti.
password-prompt-new-salt = Il tuo server ha scelto un nuovo sale per la tua password a questo accesso, quindi non conserva le chiavi che Jibber ha salvato al posto della password (lo fa ejabberd quando salva le password in chiaro). Jibber non salva mai la password: su questo server inseriscila dopo ogni ricaricamento.
transfer-slot-refused = Il servizio di caricamento ha rifiutato il file: {detail}
transfer-slot-timeout = Il servizio di caricamento non ha risposto in tempo.
transfer-no-slot = Il servizio di caricamento non ha dato un indirizzo di caricamento.
transfer-bad-slot = Il servizio di caricamento ha dato una risposta strana: {detail}
transfer-too-large = Il server dei file dice che il file è troppo grande.
transfer-refused = Il server dei file ha rifiutato il file (HTTP {status}).
transfer-not-available = Il file non è disponibile (HTTP {status}).
transfer-connection-failed = La connessione al server dei file non è riuscita.
transfer-cancelled = Il trasferimento è stato annullato.
transfer-browser = Il browser ha rifiutato il trasferimento ({detail}).
transfer-unreadable = Impossibile leggere il file.
transfer-cannot-show = Impossibile mostrare il file.
transfer-unusable = Il file non si può usare: {detail}
signup-not-a-domain = Inserisci il nome del server, come example.org.
signup-not-discovered = Impossibile trovare come connettersi a {domain}. Inserisci il suo URL WebSocket nelle impostazioni di connessione.
signup-taken = Quel nome utente è già in uso. Scegline un altro.
signup-not-acceptable = Il server non ha accettato questi dati
signup-not-allowed = Questo server non consente di creare account da un'app
signup-rate-limited = Sono stati creati troppi account di recente; riprova più tardi
signup-refused = Il server ha rifiutato la registrazione ({condition})
signup-timeout = Il server non ha risposto in tempo.
settings-not-a-form = Impossibile leggere le impostazioni (la risposta del server non è un modulo).
settings-not-opened = Impossibile aprire le impostazioni ({reason}).
settings-not-saved = Le impostazioni non sono state salvate ({reason}).
fail-invalid-recipient = L'indirizzo del destinatario non è valido.
fail-cannot-write-in-group = Non puoi scrivere in questo gruppo.
fail-rejoin-for-private = Rientra nel gruppo per inviarvi messaggi privati.
fail-group-refused = Il gruppo ha rifiutato questo messaggio ({condition}).
fail-cannot-encrypt = La cifratura è attiva per questa chat ma {why}. Disattiva la cifratura per questa chat per inviarlo non cifrato.
fail-no-omemo-device = {jid} non ha nessun dispositivo che possa ricevere messaggi cifrati (OMEMO). Disattiva la cifratura per questa chat per inviarlo non cifrato.
fail-not-encrypted-for = Impossibile cifrarlo per {jid} ({devices}). Controlla la fiducia nei suoi dispositivi, o disattiva la cifratura per questa chat.
fail-group-cannot-encrypt = Questo gruppo è cifrato end-to-end ma {why}. Disattiva la cifratura per questo gruppo per inviarlo non cifrato.
fail-group-alone = Impossibile cifrarlo: nel gruppo non c'è ancora nessun altro. Disattiva la cifratura per questo gruppo per inviarlo non cifrato.
fail-group-nobody-can-read = Impossibile cifrarlo: nessun membro ha un dispositivo che possa leggerlo ({devices}). Controlla l'elenco "chi non può leggere" del gruppo, o disattiva la cifratura per questo gruppo.
fail-encryption-failed = Impossibile cifrarlo: {detail}
omemo-keys-not-ready = le chiavi di cifratura di questo dispositivo non sono pronte
omemo-other-tab = un'altra scheda di Jibber in questo browser ha le tue chiavi di cifratura; usa quella scheda per le chat cifrate (questa subentra quando l'altra si chiude)
omemo-other-account = questo dispositivo ha le chiavi di cifratura di un altro account; dimentica questo dispositivo per usare la cifratura
omemo-no-randomness = questo browser non fornisce casualità sicura, quindi le chiavi di cifratura non si possono creare né usare
omemo-keys-unreadable = impossibile leggere le chiavi di cifratura salvate ({detail})
devices-none-usable = nessuno dei suoi dispositivi ha una chiave utilizzabile
device-problem = dispositivo {id} di {jid}: {why}
device-distrusted = la sua chiave non è fidata
device-undecided = la sua chiave attende una decisione sulla fiducia
device-no-bundle = non ha pubblicato chiavi utilizzabili
device-invalid-address = il suo indirizzo o l'id del dispositivo non è valido
device-fetch-failed = impossibile recuperare le sue chiavi ({condition})
device-fetch-timed-out = impossibile recuperare le sue chiavi in tempo
device-unusable = le sue chiavi non sono utilizzabili ({detail})
unreadable-because = Questo messaggio cifrato non si può leggere: {why}.
unreadable-malformed = Il messaggio cifrato è malformato e non si può leggere.
unreadable-not-for-this-device = non è stato cifrato per questo dispositivo
unreadable-before-this-device = è stato inviato prima che questo dispositivo esistesse
unreadable-no-session = non c'è una sessione con il dispositivo del mittente
unreadable-used-pre-key = usa una chiave che questo dispositivo non ha più (già usata, o di prima di un ripristino)
unreadable-distrusted = proviene da un dispositivo non fidato
unreadable-identity-changed = il dispositivo del mittente ha una nuova chiave; reimposta la sessione per accettarla
unreadable-tampered = è stato manomesso, o non proviene dalla sessione che dichiara
unreadable-refused = Questo messaggio cifrato è stato decifrato ma rifiutato: {detail}.
unreadable-unknown-group-sender = Questo messaggio cifrato non si può leggere: il gruppo non ha rivelato chi l'ha inviato (il suo indirizzo), quindi le sue chiavi non si possono cercare. Potrebbe averlo inviato qualcuno che è uscito prima che tu entrassi.
omemo-keys-not-published = Impossibile pubblicare le tue chiavi di cifratura ({node} ha rifiutato: {reason}); i contatti potrebbero non riuscire a scriverti in modo cifrato.
directory-refused = Il server non ha voluto elencare i suoi gruppi ({reason}).
timer-not-a-number = il timer non è un numero intero di secondi: "{typed}"
timer-too-short = un timer deve durare almeno un secondo
timer-too-long = un timer più lungo di dieci anni non è accettato
uri-not-xmpp = non è un link xmpp:
uri-too-long = il link è troppo lungo
uri-bad-escape = il link ha un escape % non valido o non è UTF-8
uri-bad-address = l'indirizzo del link non è valido
uri-authority = il link indica un'autorità (xmpp://…), che Jibber non segue
uri-unknown-action = il link chiede "{action}", che Jibber non fa
uri-bad-fingerprint = il link contiene un'impronta che non è un id di dispositivo con una chiave esadecimale
uri-too-many-fingerprints = il link contiene troppe impronte
signup-connection-lost = La connessione al server si è interrotta prima della sua risposta.
