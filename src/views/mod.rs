mod login;
mod main_view;
mod signup;

pub use login::LoginView;
pub use main_view::MainView;
pub use signup::SignupView;
