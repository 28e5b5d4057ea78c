//! The customer's screen in a browser view session, on the console of the
//! technician who started it: a video panel with the resolution and frame
//! rate, and a full-screen toggle. It says hello over the WebSocket on
//! every (re)connection, and the customer's page answers with a new
//! WebRTC connection from the stream it keeps ([`crate::rtc`]).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Reflect};
use leptos::html::{Section, Video};
use leptos::prelude::*;

use crate::operator::load::Load;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;

use crate::api;
use crate::operator::i18n::td_string;
use crate::operator::{tr, use_i18n};
use crate::rtc::{self, Link, Payload};
use crate::socket::{ConnState, Socket};

/// What the panel says while there is no picture.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    Waiting,
    Connecting,
    Lost,
}

const WAITING: Option<Phase> = Some(Phase::Waiting);
const CONNECTING: Option<Phase> = Some(Phase::Connecting);
const LOST: Option<Phase> = Some(Phase::Lost);

#[derive(Default)]
struct Viewer {
    link: Option<Rc<Link>>,
    ice: Vec<String>,
    /// The frame counter (`requestVideoFrameCallback`), while mounted.
    on_frame: Option<Closure<dyn FnMut(f64, JsValue)>>,
}

fn call(target: &JsValue, method: &str, args: &[&JsValue]) -> Option<JsValue> {
    let f = Reflect::get(target, &JsValue::from_str(method))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let args: js_sys::Array = args.iter().copied().collect();
    f.apply(target, &args).ok()
}

#[component]
pub fn VideoPanel(session_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let socket = use_context::<Socket>();
    let video = NodeRef::<Video>::new();
    let frame = NodeRef::<Section>::new();
    // What the panel says while there is no picture (`None`: live).
    let phase = RwSignal::new(WAITING);
    // Width, height, frames per second (0 until measured).
    let stats = RwSignal::new((0u32, 0u32, 0u32));
    let full = RwSignal::new(false);
    let viewer = StoredValue::new_local(Rc::new(RefCell::new(Viewer::default())));
    let config = Load::new(api::public_config);
    let id = StoredValue::new(session_id);

    let hello = move |socket: &Socket| {
        phase.set(WAITING);
        rtc::send(socket, &id.get_value(), rtc::HELLO, 0, None);
    };

    let on_offer = move |socket: Socket, p: Payload| {
        let Some(v) = viewer.try_get_value() else {
            return;
        };
        if let Some(old) = v.borrow_mut().link.take() {
            old.close();
        }
        let ice = v.borrow().ice.clone();
        let session = id.get_value();
        let link_id = p.id;
        let candidate_session = session.clone();
        let on_track = Box::new(move |stream: web_sys::MediaStream| {
            if let Some(el) = video.get_untracked() {
                el.set_src_object(Some(&stream));
                let _ = el.play();
            }
        });
        let Some(link) = Link::new(
            &ice,
            link_id,
            move |c| {
                rtc::send(
                    &socket,
                    &candidate_session,
                    rtc::CANDIDATE,
                    link_id,
                    Some(&c),
                );
            },
            Some(on_track),
            move |state| match state.as_str() {
                "connected" => {
                    phase.try_set(None);
                }
                // Still mounted: ask the page for a new connection.
                "failed" if phase.try_set(LOST).is_none() => {
                    rtc::send(&socket, &id.get_value(), rtc::HELLO, 0, None);
                }
                "disconnected" => {
                    phase.try_set(LOST);
                }
                _ => {}
            },
        ) else {
            return;
        };
        v.borrow_mut().link = Some(link.clone());
        phase.set(CONNECTING);
        spawn_local(async move {
            if link.remote(&p.body).await.is_err() {
                return;
            }
            if let Ok(desc) = link.local(false).await {
                rtc::send(&socket, &session, rtc::ANSWER, link_id, Some(&desc));
            }
        });
    };

    // Signalling: on every (re)connection of the socket, once the ICE
    // servers are known, hello.
    crate::effect(move || {
        let Some(socket) = socket else {
            return;
        };
        let Some(Ok(config)) = config.get() else {
            return;
        };
        if socket.state.get() != ConnState::Open {
            return;
        }
        if let Some(v) = viewer.try_get_value() {
            v.borrow_mut().ice = config.ice_servers.clone();
        }
        socket.set_on_signal(Some(Rc::new(move |session: String, payload: JsValue| {
            if session != id.get_value() {
                return;
            }
            let Some(p) = Payload::read(&payload) else {
                return;
            };
            match p.kind.as_str() {
                rtc::OFFER => on_offer(socket, p),
                rtc::CANDIDATE => {
                    let link = viewer
                        .try_get_value()
                        .and_then(|v| v.borrow().link.clone())
                        .filter(|l| l.id == p.id);
                    if let Some(link) = link {
                        link.candidate(p.body);
                    }
                }
                _ => {}
            }
        })));
        hello(&socket);
    });

    // Resolution and frame rate, from the frames themselves.
    crate::effect(move || {
        let Some(el) = video.get() else {
            return;
        };
        let Some(v) = viewer.try_get_value() else {
            return;
        };
        let count = Rc::new(RefCell::new((0u32, 0f64)));
        let target: JsValue = el.clone().into();
        let again = Rc::new(RefCell::new(None::<Function>));
        let again_in = again.clone();
        let on_frame = Closure::<dyn FnMut(f64, JsValue)>::new(move |now: f64, _meta: JsValue| {
            let (w, h) = (el.video_width(), el.video_height());
            let mut c = count.borrow_mut();
            c.0 += 1;
            if c.1 == 0.0 {
                c.1 = now;
                stats.try_set((w, h, 0));
            } else if now - c.1 >= 1000.0 {
                let fps = (f64::from(c.0) * 1000.0 / (now - c.1)).round() as u32;
                stats.try_set((w, h, fps));
                *c = (0, now);
            }
            if let Some(f) = again_in.borrow().as_ref() {
                call(&el.clone().into(), "requestVideoFrameCallback", &[f]);
            }
        });
        let f: Function = on_frame.as_ref().unchecked_ref::<Function>().clone();
        call(&target, "requestVideoFrameCallback", &[&f]);
        *again.borrow_mut() = Some(f);
        v.borrow_mut().on_frame = Some(on_frame);
    });

    // Full screen: the state follows the browser (Escape leaves it too).
    let listener = window_event_listener_untyped("fullscreenchange", move |_| {
        let fs = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.fullscreen_element());
        full.try_set(fs.is_some());
    });
    let toggle_full = move |_| {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if doc.fullscreen_element().is_some() {
            doc.exit_fullscreen();
        } else if let Some(el) = frame.get_untracked() {
            let _ = el.request_fullscreen();
        }
    };

    on_cleanup(move || {
        listener.remove();
        if let Some(socket) = socket {
            socket.set_on_signal(None);
        }
        if let Some(v) = viewer.try_get_value() {
            let mut v = v.borrow_mut();
            if let Some(link) = v.link.take() {
                link.close();
            }
            // Keep the closures alive: the video and section are gone
            // with this panel, so they are never called again.
            std::mem::forget(v.on_frame.take());
        }
        if let Some(el) = video.get_untracked() {
            el.set_src_object(None);
        }
    });

    let stats = move || match stats.get() {
        (0, _, _) => String::new(),
        (w, h, 0) => format!("{w} × {h}"),
        (w, h, fps) => format!("{w} × {h} · {fps} fps"),
    };

    view! {
        <section class="ra-video" node_ref=frame aria-labelledby="ra-video-title">
            <div class="ra-video__bar">
                <h3 class="ra-video__title" id="ra-video-title">{tr(|l| td_string!(l, console.video_title))}</h3>
                <span class="ra-video__stats" data-testid="video-stats">{stats}</span>
                <button type="button" class="ra-button ra-video__full" on:click=toggle_full>
                    {move || if full.get() {
                        td_string!(i18n.get_locale(), console.exit_full_screen)
                    } else {
                        td_string!(i18n.get_locale(), console.full_screen)
                    }}
                </button>
            </div>
            <video
                class="ra-video__screen"
                node_ref=video
                autoplay=true
                muted=true
                playsinline=true
                aria-label=move || td_string!(i18n.get_locale(), console.video_label)
            ></video>
            <p class="ra-video__status" role="status">{move || phase.get().map(|p| match p {
                Phase::Waiting => td_string!(i18n.get_locale(), console.video_waiting),
                Phase::Connecting => td_string!(i18n.get_locale(), console.video_connecting),
                Phase::Lost => td_string!(i18n.get_locale(), console.video_lost),
            })}</p>
        </section>
    }
}
