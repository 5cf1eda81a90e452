mod login;
mod main_view;

pub use login::LoginView;
pub use main_view::MainView;
