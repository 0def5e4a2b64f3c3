/**
 * deck.gl's ScatterplotLayer drawing each point as its sensor kind's shape (sensor-shapes.ts) instead of a
 * disc: one more binary attribute (`getShape`, a shape code per sensor, kept by the sensor store like the
 * colours), and a fragment shader that cuts the shape out of the point's disc and rings it with the line
 * colour. Everything else (binary positions and colours, picking, highlighting) is the ScatterplotLayer's.
 */
import { ScatterplotLayer, type ScatterplotLayerProps } from '@deck.gl/layers';

// NOTE: ScatterplotLayer's own fragment shader (deck.gl 9.x) with the disc's distance replaced by the shape's.
const fs = /* glsl */ `\
#version 300 es
#define SHADER_NAME sensor-shape-layer-fragment-shader
precision highp float;
in vec4 vFillColor;
in vec4 vLineColor;
in vec2 unitPosition;
in float innerUnitRadius;
in float outerRadiusPixels;
in float vShape;
out vec4 fragColor;

// How far p (in the point's unit disc) is from its centre, measured so that the shape's edge is 1.0.
float shapeDistance(float shape, vec2 p) {
  vec2 a = abs(p);
  if (shape < 0.5) return length(p);
  if (shape < 1.5) return max(a.x, a.y) / 0.78;
  if (shape < 2.5) return a.x + a.y;
  if (shape < 4.5) {
    vec2 q = shape < 3.5 ? p : vec2(p.x, -p.y);
    return max(-q.y, max(dot(q, vec2(0.866, 0.5)), dot(q, vec2(-0.866, 0.5)))) / 0.5;
  }
  if (shape < 5.5) return max(a.y, dot(a, vec2(0.866, 0.5))) / 0.866;
  if (shape < 7.5) {
    vec2 r = shape < 6.5 ? a : abs(vec2(p.x + p.y, p.x - p.y) * 0.7071);
    return min(max(r.x * 3.0, r.y), max(r.x, r.y * 3.0));
  }
  float s = sqrt(a.x) + sqrt(a.y);
  return s * s;
}

void main(void) {
  geometry.uv = unitPosition;
  float distToCenter = shapeDistance(vShape, unitPosition) * outerRadiusPixels;
  float inShape = scatterplot.antialiasing ?
    smoothedge(distToCenter, outerRadiusPixels) :
    step(distToCenter, outerRadiusPixels);
  if (inShape == 0.0) {
    discard;
  }
  if (scatterplot.stroked > 0.5) {
    float isLine = scatterplot.antialiasing ?
      smoothedge(innerUnitRadius * outerRadiusPixels, distToCenter) :
      step(innerUnitRadius * outerRadiusPixels, distToCenter);
    if (scatterplot.filled > 0.5) {
      fragColor = mix(vFillColor, vLineColor, isLine);
    } else {
      if (isLine == 0.0) {
        discard;
      }
      fragColor = vec4(vLineColor.rgb, vLineColor.a * isLine);
    }
  } else if (scatterplot.filled < 0.5) {
    discard;
  } else {
    fragColor = vFillColor;
  }
  fragColor.a *= inShape;
  DECKGL_FILTER_COLOR(fragColor, geometry);
}
`;

export class SensorShapeLayer<D = unknown> extends ScatterplotLayer<D, ScatterplotLayerProps<D>> {
  static override layerName = 'SensorShapeLayer';
  // NOTE: a declared accessor with a constant default: data without a `getShape` attribute (the replay's
  // sensors) draws discs instead of failing the attribute update (deck.gl merges these with the parent's).
  static override defaultProps = {
    ...ScatterplotLayer.defaultProps,
    getShape: { type: 'accessor', value: 0 },
  } as typeof ScatterplotLayer.defaultProps;

  override getShaders() {
    const shaders = super.getShaders();
    return {
      ...shaders,
      fs,
      inject: {
        ...shaders.inject,
        'vs:#decl': 'in float instanceShapes;\nout float vShape;',
        'vs:#main-end': 'vShape = instanceShapes;',
      },
    };
  }

  override initializeState() {
    super.initializeState();
    // Given as binary data (`data.attributes.getShape`); 0 (a disc) when absent.
    this.getAttributeManager()?.addInstanced({
      instanceShapes: { size: 1, accessor: 'getShape', defaultValue: 0 },
    });
  }
}
