-- Articles as they started: no author yet (the author arrives in V4, the safe way).
CREATE TABLE articles (
    id         bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT articles_pkey PRIMARY KEY,
    title      text NOT NULL,
    content    text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
