// Makes new signing keys with the young generation filled to every headroom
// from 0 to 4 KB in turn, five times over, so that collections fall inside
// the public key's JWK export. Where the export holds a lock a collection
// waits for, the process deadlocks here (at once, where it would otherwise
// hang one user pool in thousands) and the test that runs it times out.
// Plain CommonJS, so that what the loop allocates is what is written here.
const { getHeapSpaceStatistics } = require("node:v8");
const { newSigningKeys } = require("@bookstore/local");

const NEW_SPACE = getHeapSpaceStatistics().findIndex((space) => space.space_name === "new_space");
const available = () => getHeapSpaceStatistics()[NEW_SPACE].space_available_size;

/** Allocates until about `headroom` bytes of the young generation are left; whether it got within 64 bytes. */
function fillYoungGenerationTo(headroom) {
  const filler = [];
  let left = available();
  for (let step = 0; step < 10_000 && left > headroom; step += 1) {
    filler.push(new Array(Math.max(1, Math.min(4096, Math.floor((left - headroom) / 32)))).fill(0));
    const now = available();
    if (now > left) return false;
    left = now;
  }
  return left <= headroom && left > headroom - 64;
}

let met = 0;
for (let pass = 0; pass < 5; pass += 1) {
  for (let headroom = 0; headroom < 4096; headroom += 8) {
    if (fillYoungGenerationTo(headroom)) met += 1;
    newSigningKeys(512);
  }
}
console.log(`headrooms met: ${met}`);
