// These tiers run the real terraform binary and a local AWS; a step takes seconds, not ms.
jest.setTimeout(180_000);
// The pinned AWS SDK v3 runs on Node 20; its notice that later releases need Node 22 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
