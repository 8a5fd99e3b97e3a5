// Registers cdktf's jest matchers (toHaveResourceWithProperties, ...), and
// keeps cdktf's token-creation stacks out of jest's source mapping.
import { Testing } from "cdktf";
import { plainCreationStacks } from "./plain-creation-stacks";

Testing.setupJest();
plainCreationStacks();
