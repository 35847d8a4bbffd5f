// These tiers run the real terraform binary and a local AWS; a step takes seconds, not ms.
jest.setTimeout(180_000);
