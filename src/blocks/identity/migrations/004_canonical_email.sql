-- Email addresses in one canonical form, matched exactly (src/blocks/identity/email.ts has the
-- rule and why): the unique index on lower(email) folded look-alike addresses (`admİn@` and
-- `admin@`) onto one person. Also: where each person last signed in, per council (the people
-- page shows only that), and OIDC logins waiting for their person to confirm them by email.

-- The rule of email.ts, for the rows already here. Only the migration uses these (they live in
-- this connection's temporary schema and are dropped at the end).

-- RFC 3492 Punycode of one label (the part after `xn--`).
CREATE FUNCTION pg_temp.hearth_punycode(label text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  cps int[] := ARRAY(SELECT ascii(substr(label, i, 1)) FROM generate_series(1, length(label)) AS i);
  total int := coalesce(array_length(cps, 1), 0);
  output text := '';
  n int := 128;
  delta bigint := 0;
  bias int := 72;
  h int;
  b int;
  m int;
  q bigint;
  k int;
  t int;
  c int;
BEGIN
  FOREACH c IN ARRAY cps LOOP
    IF c < 128 THEN output := output || chr(c); END IF;
  END LOOP;
  b := length(output);
  h := b;
  IF b > 0 THEN output := output || '-'; END IF;
  WHILE h < total LOOP
    SELECT min(x) INTO m FROM unnest(cps) AS x WHERE x >= n;
    delta := delta + (m - n) * (h + 1);
    n := m;
    FOREACH c IN ARRAY cps LOOP
      IF c < n THEN delta := delta + 1; END IF;
      IF c = n THEN
        q := delta;
        k := 36;
        LOOP
          t := CASE WHEN k <= bias THEN 1 WHEN k >= bias + 26 THEN 26 ELSE k - bias END;
          EXIT WHEN q < t;
          output := output || chr(CASE WHEN t + (q - t) % (36 - t) < 26 THEN 97 ELSE 22 END + (t + (q - t) % (36 - t))::int);
          q := (q - t) / (36 - t);
          k := k + 36;
        END LOOP;
        output := output || chr(CASE WHEN q < 26 THEN 97 ELSE 22 END + q::int);
        -- Bias adaptation (RFC 3492 section 6.1).
        delta := CASE WHEN h = b THEN delta / 700 ELSE delta / 2 END;
        delta := delta + delta / (h + 1);
        k := 0;
        WHILE delta > 455 LOOP
          delta := delta / 35;
          k := k + 36;
        END LOOP;
        bias := k + (36 * delta) / (delta + 38);
        delta := 0;
        h := h + 1;
      END IF;
    END LOOP;
    delta := delta + 1;
    n := n + 1;
  END LOOP;
  RETURN output;
END $$;

-- The canonical form of a stored address: the local part in NFC, then, when it is all ASCII,
-- lower-cased with ASCII rules only (translate, never lower()), the domain in IDNA ASCII without a trailing
-- dot. A non-ASCII domain is mapped as IDNA maps it (NFKC, then lower case: the DOMAIN, never a
-- local part) before Punycode. An address Hearth would now refuse keeps what it had (it cannot
-- equal a canonical address, so it simply never matches).
CREATE FUNCTION pg_temp.hearth_canonical_email(address text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  trimmed text := btrim(address, E' \t\r\n\f\v');
  local_part text := substring(trimmed FROM '^(.*)@[^@]*$');
  domain text := substring(trimmed FROM '@([^@]*)$');
  label text;
  labels text[] := '{}';
BEGIN
  IF local_part IS NULL OR local_part = '' OR domain IS NULL OR domain = '' THEN RETURN address; END IF;
  IF right(domain, 1) = '.' THEN domain := left(domain, -1); END IF;
  local_part := normalize(local_part, NFC);
  IF local_part ~ '^[\x20-\x7e]*$' THEN
    local_part := translate(local_part, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
  END IF;
  IF domain ~ '^[\x20-\x7e]*$' THEN
    domain := translate(domain, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
  ELSE
    FOREACH label IN ARRAY string_to_array(lower(normalize(domain, NFKC)), '.') LOOP
      labels := labels || CASE WHEN label ~ '^[\x20-\x7e]*$' THEN label ELSE 'xn--' || pg_temp.hearth_punycode(label) END;
    END LOOP;
    domain := array_to_string(labels, '.');
  END IF;
  RETURN local_part || '@' || domain;
END $$;

-- Two people whose addresses become one are not merged (that would hand one's account to the
-- other, the very attack this closes): the upgrade stops, naming them, for an operator to decide.
DO $$
DECLARE
  clash record;
BEGIN
  SELECT pg_temp.hearth_canonical_email(email) AS canonical, string_agg(email || ' (' || id || ')', ', ' ORDER BY created_at) AS people
  INTO clash
  FROM person GROUP BY 1 HAVING count(*) > 1 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'identity 004: these people have the same email address once written canonically (%): %. Change or remove all but one (UPDATE person SET email = ... WHERE id = ...), then start Hearth again.', clash.canonical, clash.people;
  END IF;
END $$;

DROP INDEX person_email;
UPDATE person SET email = pg_temp.hearth_canonical_email(email) WHERE email <> pg_temp.hearth_canonical_email(email);
CREATE UNIQUE INDEX person_email ON person (email);
UPDATE email_link SET email = pg_temp.hearth_canonical_email(email) WHERE used_at IS NULL AND email <> pg_temp.hearth_canonical_email(email);

DROP FUNCTION pg_temp.hearth_canonical_email(text);
DROP FUNCTION pg_temp.hearth_punycode(text);

-- When each person last signed in through each council (on its host or under /c/{slug}): a
-- council's people page shows this, not when they last signed in anywhere. Filled from the
-- staff sign-ins the audit log has recorded so far.
CREATE TABLE person_council_sign_in (
  council_id uuid NOT NULL REFERENCES council (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  last_signed_in_at timestamptz NOT NULL,
  PRIMARY KEY (council_id, person_id)
);
INSERT INTO person_council_sign_in (council_id, person_id, last_signed_in_at)
SELECT a.council_id, a.actor_person_id, max(a.at)
FROM audit_log a JOIN person p ON p.id = a.actor_person_id
WHERE a.action = 'session.started' AND a.council_id IS NOT NULL
GROUP BY a.council_id, a.actor_person_id;

-- An OIDC login whose verified email is that of a person it is not linked to: linked only once
-- that person confirms, by a link mailed to their stored address and opened in the same browser
-- that signed in at the provider. Both are kept as SHA-256 only. Single use, 10 minutes.
CREATE TABLE oidc_link_request (
  token_hash text PRIMARY KEY,
  browser_hash text NOT NULL,
  council_id uuid NOT NULL REFERENCES council (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  issuer text NOT NULL,
  subject text NOT NULL,
  -- The provider's session and ID token, for the session the confirmation starts (logout there).
  oidc_sid text,
  oidc_id_token text NOT NULL,
  return_to text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX oidc_link_request_expiry ON oidc_link_request (expires_at);
