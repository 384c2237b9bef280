-- Whether a person's email was given by the identity provider at a sign-in (true) or only typed, as on an invite's
-- page (false). A provider's sign-in is found again by email only for a person whose email the provider gave:
-- otherwise whoever redeemed an invite with someone else's email would become that person at their first sign-in.
ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT false;
-- People who signed in through the provider got their email from it.
UPDATE users SET email_verified = true WHERE email IS NOT NULL AND oidc_subject IS NOT NULL;
