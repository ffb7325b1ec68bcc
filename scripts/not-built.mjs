// Placeholder for npm scripts whose feature has not landed yet: says so and fails, never pretends.
const script = process.argv[2] ?? 'this script';
console.error(`npm run ${script}: not built yet (see the open issues); nothing was run.`);
process.exit(1);
