//! An owner's room settings: the server's own configuration form, drawn field by field from
//! its XEP-0004 types (so fields the server adds appear without a release), saved or
//! cancelled. Labels, descriptions and values come from the server and are shown as text.

use chat_client::web::ClientHandle;
use chat_client::{DataForm, FieldKind, FormField, RoomSettings};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::dialog_focus;
use crate::i18n::{t, Msg};
use crate::state::AppState;

#[component]
pub fn RoomSettingsEditor(room: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let handle = expect_context::<ClientHandle>();
    let open = RwSignal::new(false);
    // The form as received draws the fields; edits go to a copy that does not redraw them
    // (a redraw per keystroke would lose the caret).
    let loaded = RwSignal::new(None::<DataForm>);
    let edited = StoredValue::new(DataForm::default());
    let error = RwSignal::new(None::<String>);

    let close = move || {
        open.set(false);
        loaded.set(None);
        error.set(None);
    };
    {
        let room = room.clone();
        Effect::new(move |_| {
            let settings = state.room_settings.with(|all| all.get(&room).cloned());
            if !open.get_untracked() {
                return;
            }
            match settings {
                Some(RoomSettings::Form(form)) => {
                    edited.set_value(form.clone());
                    error.set(None);
                    loaded.set(Some(form));
                }
                Some(RoomSettings::Saved) => close(),
                Some(RoomSettings::Failed(reason)) => {
                    error.set(Some(crate::reasons::settings_problem_text(&reason)))
                }
                None => {}
            }
        });
    }
    let forget = {
        let room = room.clone();
        move || {
            state.room_settings.update(|all| {
                all.remove(&room);
            })
        }
    };
    let report = move |result: Result<(), chat_client::ClientError>| {
        if let Err(reason) = result {
            error.set(Some(crate::reasons::client_error_text(&reason)));
        }
    };
    let toggle = {
        let handle = handle.clone();
        let room = room.clone();
        let forget = forget.clone();
        move |_| {
            if open.get_untracked() {
                return;
            }
            forget();
            open.set(true);
            let handle = handle.clone();
            let room = room.clone();
            spawn_local(async move { report(handle.open_room_settings(room).await) });
        }
    };
    let submit = {
        let handle = handle.clone();
        let room = room.clone();
        let forget = forget.clone();
        move |event: SubmitEvent| {
            event.prevent_default();
            forget();
            error.set(None);
            let handle = handle.clone();
            let room = room.clone();
            let form = edited.get_value();
            spawn_local(async move { report(handle.save_room_settings(room, form).await) });
        }
    };
    let dialog = NodeRef::new();
    dialog_focus::focus_on_open(dialog);
    let cancel = {
        let room = room.clone();
        move || {
            forget();
            close();
            dialog_focus::return_focus("room-config-open");
            let handle = handle.clone();
            let room = room.clone();
            spawn_local(async move { report(handle.cancel_room_settings(room).await) });
        }
    };

    view! {
        <button class="ghost small" id="room-config-open" data-testid="room-config-open" on:click=toggle>{t(Msg::RoomConfigOpen)}</button>
        <Show when=move || open.get()>
            <form class="dialog room-config" data-testid="room-config-form" role="dialog"
                aria-label=t(Msg::RoomConfigTitle) on:submit=submit.clone() node_ref=dialog
                on:keydown={let cancel = cancel.clone(); move |event| dialog_focus::on_keydown(&event, cancel.clone())}>
                <h3>{move || loaded.with(|f| f.as_ref().and_then(|f| f.title.clone()))
                    .unwrap_or_else(|| t(Msg::RoomConfigTitle).to_owned())}</h3>
                <Show when=move || error.with(Option::is_some)>
                    <p class="error" data-testid="room-config-error" role="alert">{move || error.get().unwrap_or_default()}</p>
                </Show>
                {move || match loaded.get() {
                    None => view! { <p class="small" role="status">{t(Msg::RoomConfigLoading)}</p> }.into_any(),
                    Some(form) => view! {
                        {form.instructions.iter().map(|text| view! { <p class="small">{text.clone()}</p> }).collect_view()}
                        {form.fields.iter().enumerate().filter(|(_, f)| f.shown())
                            .map(|(index, field)| field_view(field.clone(), index, edited)).collect_view()}
                    }.into_any(),
                }}
                <div class="row">
                    <button type="submit" data-testid="room-config-submit"
                        disabled=move || loaded.with(Option::is_none)>{t(Msg::RoomConfigSave)}</button>
                    <button type="button" class="ghost" data-testid="room-config-cancel" on:click={let cancel = cancel.clone(); move |_| cancel()}>{t(Msg::RoomConfigCancel)}</button>
                </div>
            </form>
        </Show>
    }
}

/// One field: its label (marked when required), its description, and the control its type
/// calls for; edits land in `edited`.
fn field_view(field: FormField, index: usize, edited: StoredValue<DataForm>) -> impl IntoView {
    let id = format!("room-config-{index}");
    let var = field.var.clone();
    let kind = field.type_name().to_owned();
    let label = field.label.clone().unwrap_or_else(|| field.var.clone());
    let required = field.required;
    let control = control(&field, id.clone(), edited);
    let note = if !field.editable() && field.kind != FieldKind::Fixed {
        Some(t(Msg::RoomConfigReadOnly))
    } else if matches!(field.kind, FieldKind::TextMulti | FieldKind::JidMulti) {
        Some(t(Msg::RoomConfigOnePerLine))
    } else {
        None
    };
    let is_fixed = field.kind == FieldKind::Fixed;
    view! {
        <div class="field" data-testid="room-config-field" data-var=var data-type=kind
            data-required=required.to_string()>
            <Show when=move || !is_fixed>
                <label for=id.clone()>{label.clone()}
                    <Show when=move || required>" "<span class="required">{t(Msg::RoomConfigRequired)}</span></Show>
                </label>
            </Show>
            {control}
            {field.desc.clone().map(|desc| view! { <p class="small">{desc}</p> })}
            {note.map(|note| view! { <p class="small">{note}</p> })}
        </div>
    }
}

fn control(field: &FormField, id: String, edited: StoredValue<DataForm>) -> AnyView {
    let var = field.var.clone();
    let set_text = move |text: String| {
        let var = var.clone();
        edited.update_value(|form| {
            form.set_text(&var, &text);
        });
    };
    let required = field.required;
    if field.kind == FieldKind::Fixed {
        return view! { <p>{field.text()}</p> }.into_any();
    }
    if !field.editable() {
        return view! { <input id=id type="text" readonly prop:value=field.text()/> }.into_any();
    }
    match field.kind {
        FieldKind::Boolean => view! {
            <input id=id type="checkbox" prop:checked=field.flag()
                on:change=move |ev| set_text(if event_target_checked(&ev) { "1" } else { "0" }.to_owned())/>
        }
        .into_any(),
        FieldKind::TextMulti | FieldKind::JidMulti => view! {
            <textarea id=id rows="3" required=required prop:value=field.text()
                on:input=move |ev| set_text(event_target_value(&ev))></textarea>
        }
        .into_any(),
        FieldKind::ListSingle => {
            let chosen = field.value().unwrap_or_default().to_owned();
            view! {
                <select id=id required=required on:change=move |ev| set_text(event_target_value(&ev))>
                    {field.options.iter().map(|(label, value)| {
                        let selected = *value == chosen;
                        view! { <option value=value.clone() selected=selected>{label.clone().unwrap_or_else(|| value.clone())}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        FieldKind::ListMulti => {
            let var = field.var.clone();
            view! {
                <fieldset id=id>
                    {field.options.iter().map(|(label, value)| {
                        let var = var.clone();
                        let option = value.clone();
                        let checked = field.values.contains(value);
                        view! {
                            <label class="row">
                                <input type="checkbox" prop:checked=checked on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    edited.update_value(|form| {
                                        let mut chosen: Vec<String> = form.field(&var)
                                            .map(|f| f.values.clone()).unwrap_or_default();
                                        chosen.retain(|v| *v != option);
                                        if on {
                                            chosen.push(option.clone());
                                        }
                                        form.set_choices(&var, chosen);
                                    });
                                }/>
                                {label.clone().unwrap_or_else(|| value.clone())}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
        kind => {
            let input_type = if kind == FieldKind::TextPrivate { "password" } else { "text" };
            view! {
                <input id=id type=input_type required=required prop:value=field.text()
                    autocapitalize="off" on:input=move |ev| set_text(event_target_value(&ev))/>
            }
            .into_any()
        }
    }
}
