// A named step of a workflow: STEP RUNNING before, STEP SUCCEEDED after, and one
// failure path that every state of the step catches into: job-events FAILED
// { step, error }, then the execution fails with the original error.
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Chain, Fail, JsonPath, type IChainable, type INextable, type State, type TaskStateBase } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { CAUGHT_ERROR, ERROR_PATH, JOB_ID, jobEventTask, type JobEventOptions } from './job-events.js';

export interface WorkflowStepProps {
  scope: Construct;
  jobEvents: IFunction;
  /** The step's name in job events and the prefix of its state names. */
  name: string;
}

/** A state that can catch errors (Task, Parallel, Map). */
type Catching = Pick<TaskStateBase, 'addCatch'>;

export class WorkflowStep {
  readonly name: string;
  /** Where every caught error of the step goes. */
  readonly failure: State;
  /** Where the step's states are created. */
  readonly scope: Construct;
  private readonly jobEvents: IFunction;

  constructor(props: WorkflowStepProps) {
    this.name = props.name;
    this.scope = props.scope;
    this.jobEvents = props.jobEvents;
    const fail = new Fail(this.scope, this.stateName('fail'), {
      errorPath: JsonPath.stringAt(`${ERROR_PATH}.Error`),
      causePath: JsonPath.stringAt(`${ERROR_PATH}.Cause`),
    });
    const failed = jobEventTask(this.scope, this.stateName('failed'), this.jobEvents, {
      type: 'FAILED',
      jobId: JOB_ID,
      step: this.name,
      error: CAUGHT_ERROR,
    });
    failed.next(fail);
    this.failure = failed;
  }

  /** `<step>: <what>`: state names are unique across a machine (Parallel and Map branches included). */
  stateName(what: string): string {
    return `${this.name}: ${what}`;
  }

  running(): TaskStateBase {
    return this.catching(jobEventTask(this.scope, this.stateName('running'), this.jobEvents, {
      type: 'STEP', jobId: JOB_ID, step: this.name, status: 'RUNNING',
    }));
  }

  /** STEP SUCCEEDED; with `resultPath`, the step result's `cached` and `usage` go along. */
  succeeded(resultPath?: string, options: JobEventOptions = {}): TaskStateBase {
    const modelFields = resultPath
      ? { cached: JsonPath.objectAt(`${resultPath}.cached`), usage: JsonPath.objectAt(`${resultPath}.usage`) }
      : {};
    return this.catching(jobEventTask(this.scope, this.stateName('succeeded'), this.jobEvents, {
      type: 'STEP', jobId: JOB_ID, step: this.name, status: 'SUCCEEDED', ...modelFields,
    }, options));
  }

  /** Routes every error of `state` to the failure path, the error at $.error. */
  catching<T extends Catching>(state: T): T {
    state.addCatch(this.failure, { errors: ['States.ALL'], resultPath: ERROR_PATH });
    return state;
  }

  /** running -> the step's states (start .. end) -> succeeded, as one chain. */
  wrap(start: IChainable, end: INextable, succeeded: TaskStateBase): Chain {
    const running = this.running();
    running.next(start);
    end.next(succeeded);
    return Chain.custom(running, succeeded.endStates, succeeded);
  }
}
