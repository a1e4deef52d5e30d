// ctx.info.selectionSetList / selectionSetGraphQL in AppSync's format: paths like
// "items", "items/id"; aliased fields appear under their alias; fragments are flattened
// in the list and printed as written in the GraphQL string.
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html#aws-appsync-resolver-context-reference-info-js
import { Kind, print, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

export interface SelectionInfo {
  selectionSetList: string[];
  selectionSetGraphQL: string;
}

const cache = new WeakMap<FieldNode, SelectionInfo>();

export function selectionInfo(fieldNode: FieldNode, fragments: Record<string, FragmentDefinitionNode>): SelectionInfo {
  const cached = cache.get(fieldNode);
  if (cached) return cached;
  const list: string[] = [];
  if (fieldNode.selectionSet) collect(fieldNode.selectionSet, '', fragments, list, new Set());
  const info = { selectionSetList: [...new Set(list)], selectionSetGraphQL: fieldNode.selectionSet ? print(fieldNode.selectionSet) : '' };
  cache.set(fieldNode, info);
  return info;
}

function collect(
  selectionSet: SelectionSetNode,
  prefix: string,
  fragments: Record<string, FragmentDefinitionNode>,
  out: string[],
  visiting: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.alias?.value ?? selection.name.value;
      if (name.startsWith('__')) continue;
      const path = prefix ? `${prefix}/${name}` : name;
      out.push(path);
      if (selection.selectionSet) collect(selection.selectionSet, path, fragments, out, visiting);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, prefix, fragments, out, visiting);
    } else {
      const fragment = fragments[selection.name.value];
      if (!fragment || visiting.has(fragment.name.value)) continue;
      visiting.add(fragment.name.value);
      collect(fragment.selectionSet, prefix, fragments, out, visiting);
      visiting.delete(fragment.name.value);
    }
  }
}
