// Child process of the interrupted-write tests: starts writing a model folder to argv[2], prints
// "writing" once the weights are in the partial folder, and then waits to be killed.
import { saveModel } from "../../lib/model/checkpoint";
import { writeFolderAtomically } from "../../pruning/model-folder";
import { makeRandomModel, smallConfig } from "./helpers";

const out = process.argv[2]!;
await writeFolderAtomically(
  out,
  async (folder) => {
    await saveModel(folder, makeRandomModel(smallConfig()));
    process.stdout.write("writing\n");
    await new Promise((resolve) => setInterval(resolve, 60_000)); // until killed
  },
  { overwrite: false },
);
