//! Known browsers: after a log-in, the browser keeps a signed cookie naming the account and a
//! random device id. Its next log-ins to that account are counted on their own (see
//! [`super::throttle`]), so a guesser elsewhere cannot lock the owner out.

use crate::participation::token::constant_time_eq;
use crate::participation::Signer;

/// Name of the device cookie.
pub const DEVICE_COOKIE: &str = "cong_tb";
/// Seconds a browser stays known after its last log-in.
pub const DEVICE_SECS: i64 = 180 * 86_400;

/// A new cookie value for a browser that just logged in to `user_id`.
pub fn issue(signer: &Signer, user_id: i64) -> String {
    let device = hex::encode(rand::random::<[u8; 12]>());
    let user = user_id.to_string();
    format!(
        "{user}.{device}.{}",
        signer.mac(&["device", &user, &device])
    )
}

/// The device id in `cookie`, if it is signed by this site for `user_id`.
pub fn known(signer: &Signer, cookie: &str, user_id: i64) -> Option<String> {
    let mut parts = cookie.splitn(3, '.');
    let (user, device, mac) = (parts.next()?, parts.next()?, parts.next()?);
    let well_formed = device.len() == 24 && device.bytes().all(|b| b.is_ascii_hexdigit());
    (well_formed
        && user == user_id.to_string()
        && constant_time_eq(&signer.mac(&["device", user, device]), mac))
    .then(|| device.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_cookie_is_bound_to_its_account_and_signature() {
        let s = Signer::new(&[7; 32]);
        let c = issue(&s, 12);
        let id = known(&s, &c, 12).unwrap();
        assert_eq!(id.len(), 24);
        assert_eq!(known(&s, &c, 13), None, "another account");
        assert_eq!(known(&Signer::new(&[8; 32]), &c, 12), None, "another site");
        let forged = c.replacen(&id, &"0".repeat(24), 1);
        assert_eq!(known(&s, &forged, 12), None);
        assert_eq!(known(&s, "12..", 12), None);
        assert_ne!(issue(&s, 12), c, "a new id each time");
    }
}
