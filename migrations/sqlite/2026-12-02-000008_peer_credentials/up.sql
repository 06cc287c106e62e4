-- OAuth2 client credentials this node presents to a peer whose feed is not public (the peer's
-- built-in issuer at /oauth/token). Kept as given: the secret is needed to ask for tokens.
ALTER TABLE peers ADD COLUMN client_id TEXT;
ALTER TABLE peers ADD COLUMN client_secret TEXT;
