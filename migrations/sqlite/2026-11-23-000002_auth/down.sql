ALTER TABLE changes DROP COLUMN actor_subject;
ALTER TABLE changes DROP COLUMN actor_client;
ALTER TABLE changes DROP COLUMN actor_organisation;
DROP TABLE signing_keys;
DROP TABLE oauth_clients;
