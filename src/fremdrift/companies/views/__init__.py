"""Company and referral pages. Views parse a form, call a service or selector, and render."""
