// Runs the chosen sections one after the other and turns what each hands
// back into judged figures (each with its floor, when it has one and the
// section measured it). A section that throws (a slow call, a missing
// plan, a fixture that broke) costs only its own figures, which are reported
// as errors; the sections after it still run.
import { attemptAll, figureOf, formatFigure, withFloor, type Figure, type Results } from "./report";
import { figuresOf, type FigureId, type Section } from "./targets";

export type SectionRunner = () => Promise<Results>;

export interface RunOptions {
  sections: readonly Section[];
  runners: Record<Section, SectionRunner>;
  /** Where the heading and figure lines go as each section ends; default console.log. */
  print?: (line: string) => void;
}

export async function runSections(options: RunOptions): Promise<Figure[]> {
  const print = options.print ?? ((line: string) => console.log(line));
  const figures: Figure[] = [];
  for (const section of options.sections) {
    print(`${section}:`);
    const specs = figuresOf(section);
    const results = await attemptAll(
      specs.map((spec) => spec.id as FigureId),
      options.runners[section],
    );
    const measured = new Map(
      specs.map((spec) => [spec.id, figureOf(spec, results[spec.id as keyof Results])]),
    );
    for (const spec of specs) {
      const figure = withFloor(
        measured.get(spec.id) as Figure,
        spec.floor === undefined ? undefined : measured.get(spec.floor),
      );
      figures.push(figure);
      print(formatFigure(figure));
    }
    print("");
  }
  return figures;
}
